"""Import of legacy resources from a CSV manifest (see PRODUCT.md, "Legacy corpus").

``manifest`` reads the CSV; ``checker`` checks every row against the files and the taxonomy
without writing anything (``programme_column`` finds each row's programmes, ``files`` checks that
each document's content matches its extension, ``sources`` finds each row's file beside the
manifest or among a collection's documents); ``text`` holds the report's sentences, shown in
the reader's language; ``apply`` writes one row in its own transaction.
The management command ``import_legacy`` drives them and reports.
"""
