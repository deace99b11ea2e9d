"""Whether a term is in an index, asked of its segments' term tables directly.

Whoosh's ``reader.__contains__`` looks the field up in the schema (for a dynamic field, one
regular expression per pattern), encodes the text, and does both again for every segment.
The compiler asks it for each word of a query in some fifty fields, and the posting evaluator
once per segment of each term it reads, so on a first-time site search these checks were a
quarter of the time. Here the field and the encoded text are worked out once per term, then
each segment's table is asked. Same answers as the reader's own check.
"""

_UNKNOWN = object()


class Terms:
    """``(field name, text) in terms``, for the segments of ``reader``."""

    def __init__(self, reader):
        self.schema = reader.schema
        self._reader = reader
        tables = [getattr(leaf, "_terms", None) for leaf, _ in reader.leaf_readers()]
        # An empty index's reader has no term table: ask the reader itself.
        self._tables = None if any(t is None for t in tables) else tables
        self._fields = {}

    def encoded(self, name, text):
        """The term's bytes as the index stores them, or None if the schema has no such field."""
        field = self._fields.get(name, _UNKNOWN)
        if field is _UNKNOWN:
            try:
                field = self.schema[name]
            except KeyError:  # as the reader's check: a field the schema lacks holds nothing
                field = None
            self._fields[name] = field
        return None if field is None else field.to_bytes(text)

    def __contains__(self, term):
        if self._tables is None:
            return term in self._reader
        name, text = term
        encoded = self.encoded(name, text)
        return encoded is not None and any((name, encoded) in table for table in self._tables)


def in_segment(reader, term, encoded):
    """Whether the segment ``reader`` holds ``term`` (field name, text) encoded as ``encoded``."""
    table = getattr(reader, "_terms", None)
    return term in reader if table is None else (term[0], encoded) in table
