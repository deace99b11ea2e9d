"""The writers of ``update_index``: Whoosh's segment writers, with two costs of theirs removed.

A profile of a rebuild (2,000 resources) put a third of its time in two places that do not
depend on the documents:

- **the posting pool**: Whoosh keeps one tuple per posting (field, term, document, weight,
  value) and sorts them all before writing the segment, several million tuples compared
  element by element at 10,000 resources. A rebuild adds documents in order, so each term's
  postings already come sorted by document: ``GroupingPool`` appends them to their term's
  list as they come and sorts only the distinct terms, which yields the same sorted stream.
  Over its memory limit it writes a sorted run to disk and merges the runs back as Whoosh's
  pool does.
- **field lengths**: writing each posting, Whoosh reads that document's field length back
  from the segment's length column on disk (a seek and a read per posting); ``RebuildWriter``
  reads each column into memory once.

The segment written is the same, byte for byte in its postings. ``RebuildWriter`` is a plain
segment writer with both; the processes of a parallel rebuild (``parallel``) write with it too.
"""

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

# Approximate bytes held per new term and per posting (key, list slot, tuple), for the memory
# limit, as Whoosh's pool estimates its own tuples.
TERM_BYTES = 180
POSTING_BYTES = 110

# Whoosh stores a field's length in one byte per document; None for 0, as Whoosh reads it.
_LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]


class GroupingPool(PostingPool):
    """A PostingPool that keeps postings grouped by (field, term), in arrival order."""

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._terms = {}
        self._last_doc = -1
        self._in_order = True

    def add(self, item):
        fieldname, text, docnum, weight, value = item
        key = (fieldname, text)
        postings = self._terms.get(key)
        if postings is None:
            postings = self._terms[key] = []
            self.fieldnames.add(fieldname)
            self.currentsize += TERM_BYTES + len(fieldname) + len(text)
        postings.append((docnum, weight, value))
        if docnum < self._last_doc:
            self._in_order = False  # a merged reader's postings: sort each term's list
        self._last_doc = docnum
        self.currentsize += POSTING_BYTES + (len(value) if value else 0)
        if self.currentsize > self.limit:
            self.save()

    def _grouped(self):
        terms, in_order = self._terms, self._in_order
        for key in sorted(terms):
            fieldname, text = key
            postings = terms[key]
            if not in_order:
                postings.sort()
            for docnum, weight, value in postings:
                yield (fieldname, text, docnum, weight, value)

    def _take(self):
        """Everything held in memory, sorted; the pool is emptied."""
        items = list(self._grouped())
        self._terms, self._last_doc, self._in_order = {}, -1, True
        self.currentsize = 0
        return items

    def save(self):
        if self._terms:
            self.current.extend(self._take())
        super().save()

    def items(self, maxfiles=128):
        if not self.runs and not self.current:
            return self._grouped()
        if self._terms:
            self.current.extend(self._take())
        return super().items(maxfiles)


class _LoadedLengths:
    """A segment's per-document reader whose field lengths are read into memory once."""

    def __init__(self, reader):
        self._reader = reader
        self._columns = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        column = self._columns.get(fieldname)
        if column is None:
            source = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            column = self._columns[fieldname] = (
                [_LENGTHS[b] for b in source.load()] if source is not None else ()
            )
        if not column:  # no column: the field has no lengths
            return default
        return column[docnum]

    def __getattr__(self, name):
        return getattr(self._reader, name)


def group_postings(writer):
    limitmb = writer.pool.limit / (1024 * 1024)
    writer.pool = GroupingPool(writer.temp_storage(), writer.newsegment, limitmb=limitmb)


class RebuildWriter(SegmentWriter):
    """A SegmentWriter with a GroupingPool that reads field lengths into memory once."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        group_postings(self)

    def per_document_reader(self):
        # Asked for by _flush_segment only, for the length of every posting it writes.
        return _LoadedLengths(super().per_document_reader())
