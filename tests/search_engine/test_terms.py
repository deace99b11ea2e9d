"""The compiler's and the posting evaluator's term check (hub.search.backends.whoosh.terms)
gives the reader's own answers, over several segments, dynamic fields and absent fields."""

from whoosh import fields, index

from hub.search.backends.whoosh.terms import Terms, in_segment


def _two_segment_index(folder):
    schema = fields.Schema(id=fields.ID(stored=True, unique=True))
    schema.add("t__*", fields.TEXT, glob=True)
    ix = index.create_in(folder, schema)
    for docs in (
        [{"id": "1", "t__title_en": "town centre plans"}],
        [{"id": "2", "t__title_fr": "plans de centre-ville", "t__body_fr": "mobilité douce"}],
    ):
        writer = ix.writer()
        for doc in docs:
            writer.add_document(**doc)
        writer.commit(merge=False)
    return ix


def test_terms_answer_as_the_reader_does(tmp_path):
    ix = _two_segment_index(str(tmp_path))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 2
        terms = Terms(reader)
        asked = [
            ("t__title_en", "town"),  # first segment
            ("t__title_fr", "ville"),  # second segment
            ("t__body_fr", "mobilité"),
            ("t__title_en", "ville"),  # a word of another field
            ("t__title_en", "absent"),
            ("t__nothing_en", "town"),  # a dynamic field no document has
            ("id", "2"),
            ("unknown", "town"),  # no such field in the schema
        ]
        found = {term: term in terms for term in asked}
        assert found == {term: term in reader for term in asked}
        assert sum(found.values()) == 4
        assert terms.schema is reader.schema
        for leaf, _ in reader.leaf_readers():
            for term in asked[:5]:
                encoded = terms.encoded(*term)
                assert in_segment(leaf, term, encoded) == (term in leaf)


def test_an_empty_index_holds_no_term(tmp_path):
    schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT)
    ix = index.create_in(str(tmp_path), schema)
    with ix.searcher() as searcher:
        terms = Terms(searcher.reader())
        assert ("body", "town") not in terms
        assert ("unknown", "town") not in terms
