"""Import of legacy resources from a CSV manifest (see PRODUCT.md, "Legacy corpus").

``manifest`` reads and checks every row without writing anything; ``files`` checks that each
document's content matches its extension; ``apply`` writes one row in its own transaction.
The management command ``import_legacy`` drives them and reports.
"""
