"""The index modelsearch writes into: one Whoosh index per PATH, shared by every model."""

from modelsearch.backends.base import BaseIndex
from modelsearch.index import class_is_indexed

from .documents import build_document, journal_line, prefetch_related, update_changed


class WhooshIndex(BaseIndex):
    """All models share one Whoosh index per PATH; documents carry their content types."""

    def get_key(self):
        return str(self.backend.store.path)

    def __str__(self):
        return f"whoosh index at {self.backend.store.path}"

    def add_model(self, model):
        pass

    def refresh(self):
        # Searchers check for a newer index generation before every query.
        pass

    def reset(self):
        self.backend.store.reset()

    def add_items(self, model, items):
        items = list(items)
        if not items or not class_is_indexed(model):
            return
        prefetch_related(model, items)
        docs = [build_document(obj) for obj in items]
        self.backend.write(
            lambda writer: update_changed(writer, docs),
            journal_lines=[journal_line(obj) for obj in items],
            what=f"add {len(docs)} {model._meta.label}",
        )

    def delete_item(self, item):
        self.backend.delete_now(item)
