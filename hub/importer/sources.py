"""Where the files a manifest names come from: beside it, or in a collection of documents.

* ``FolderFiles``: the ``file`` column is a path relative to the manifest's folder (the command,
  and a ZIP unpacked by the admin). Each row gets a new document (or updates its own).
* ``CollectionFiles``: the manifest was uploaded alone and its files are documents already in
  the hub, in one collection (and its sub-collections). The ``file`` column is matched on the
  file's name (its folders ignored, case and accents' encoding too); a name that matches no
  document, or several, refuses its row. The row's page then links that document: nothing is
  copied. Which collections a user may choose is ``collections_for``: a partner editor their
  partner's, a moderator any.

``find(relative)`` answers ``Found(path, document, problem, note)`` for the checker
(hub.importer.checker): ``path`` is a local file to check (hub.importer.files), ``document`` the
existing document to link (collections only), ``problem`` a Text when the row must be refused.
"""

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_noop as N_

from .text import Text

# Django's storages keep a second file of the same name as "name_AbCdE12.ext" (seven random
# letters or digits): the document is still known to its editor by the name they uploaded. Seven
# lower-case letters are a word ("guide_edition.pdf" is not "guide.pdf"), not Django's suffix.
_STORAGE_SUFFIX = re.compile(r"_(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{7}$")


@dataclass
class Found:
    path: Path | None = None
    document: object = None
    problem: Text | None = None
    note: Text | None = None


class FolderFiles:
    """The files beside the manifest, by their path relative to it."""

    def __init__(self, base_dir):
        self.base_dir = Path(base_dir).resolve()

    def find(self, relative):
        path = (self.base_dir / relative).resolve()
        if not path.is_relative_to(self.base_dir):
            return Found(
                problem=Text(N_("“%(file)s” points outside the manifest's folder"), file=relative)
            )
        if not path.exists():
            return Found(problem=Text(N_("file not found: “%(file)s”"), file=relative))
        if not path.is_file():
            return Found(problem=Text(N_("“%(file)s” is not a file"), file=relative))
        return Found(path=path)


def _comparable(name):
    return unicodedata.normalize("NFC", name).casefold()


def uploaded_names(document):
    """The names a document's file answers to: as stored, and as uploaded (no storage suffix)."""
    stored = PurePosixPath(document.file.name).name
    return {_comparable(stored), _comparable(uploaded_name(document))}


def uploaded_name(document):
    """The file's name as its editor uploaded it."""
    stored = PurePosixPath(document.file.name)
    return _STORAGE_SUFFIX.sub("", stored.stem) + stored.suffix


class CollectionFiles:
    """The documents of one collection and its sub-collections, by their file's name."""

    def __init__(self, collection):
        from hub.models import HubDocument

        self.collection = collection
        documents = HubDocument.objects.filter(
            collection__in=collection.get_descendants(inclusive=True)
        ).order_by("pk")
        self.by_name = {}
        for document in documents:
            for name in uploaded_names(document):
                self.by_name.setdefault(name, []).append(document)
        self._scratch = None

    def find(self, relative):
        name = PurePosixPath(relative.replace("\\", "/")).name
        matches = self.by_name.get(_comparable(name), [])
        if not matches:
            return Found(
                problem=Text(
                    N_(
                        "no document of the collection “%(collection)s” is called “%(file)s”: "
                        "upload it there first, or correct the file name"
                    ),
                    collection=self.collection.name,
                    file=name,
                )
            )
        if len(matches) > 1:
            return Found(
                problem=Text(
                    N_(
                        "%(count)s documents of the collection “%(collection)s” are called "
                        "“%(file)s” (%(titles)s): rename or delete all but one, then check again"
                    ),
                    count=len(matches),
                    collection=self.collection.name,
                    file=name,
                    titles="; ".join(f"“{doc.title}”" for doc in matches),
                )
            )
        document = matches[0]
        note = Text(
            N_("its file is the document “%(title)s” of the collection “%(collection)s”"),
            title=document.title,
            collection=document.collection.name,
        )
        return Found(path=self._local_path(document), document=document, note=note)

    def _local_path(self, document):
        """The document's file on this machine, to check its bytes (a copy for remote storage)."""
        try:
            return Path(document.file.path)
        except NotImplementedError:
            if self._scratch is None:
                # Removed when the source is garbage-collected (TemporaryDirectory's finaliser).
                self._scratch = tempfile.TemporaryDirectory(prefix="hub-import-docs-")
            target = Path(self._scratch.name) / str(document.pk) / uploaded_name(document)
            target.parent.mkdir(parents=True, exist_ok=True)
            with document.file.open("rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            return target


def collections_for(user):
    """The collections whose documents ``user`` may import from: a partner editor's partners'
    collections and their sub-collections; every collection for a moderator."""
    from wagtail.models import Collection

    from hub.partners.access import is_moderator, user_partner_ids

    if is_moderator(user):
        return Collection.objects.all().order_by("path")
    return collections_of_partners(user_partner_ids(user))


def collections_of_partners(partner_ids):
    from django.db.models import Q
    from wagtail.models import Collection

    from hub.models import Partner

    roots = Collection.objects.filter(
        pk__in=Partner.objects.filter(pk__in=partner_ids, collection__isnull=False).values(
            "collection"
        )
    )
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(path__startswith=root.path, depth__gte=root.depth)
    return Collection.objects.filter(query).order_by("path")
