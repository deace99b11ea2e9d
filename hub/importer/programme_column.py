"""The programmes of a manifest row: named in its ``programme`` column, or, without one, guessed
from its key and titles (the legacy corpus's programmes), if the hub holds them."""

from django.utils.translation import gettext_noop as N_

from programmes.naming import find_programme, guess_programme

from .manifest import split_list


def row_programmes(row, titles, programmes, problem):
    """The programmes (among ``programmes``) the row names; an unknown name is a ``problem``
    of its ``programme`` column."""
    named = split_list(row.get("programme"))
    found = []
    for value in named:
        programme = find_programme(value, programmes)
        if programme is None:
            problem(
                "programme",
                N_("unknown programme “%(value)s” (known programmes: %(known)s)"),
                value=value,
                known=", ".join(p.slug for p in programmes) or "none yet",
            )
        elif programme not in found:
            found.append(programme)
    if not named:
        text = " ".join([row.get("key", ""), titles.get("en", ""), titles.get("fr", "")])
        guessed = guess_programme(text, programmes)
        if guessed is not None:
            found.append(guessed)
    return found
