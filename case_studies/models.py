"""Video case studies: what an organisation did with a programme's support, with figures.

The video is stored as a plain address; the page never fetches anything from the host (no
oEmbed), shows a local poster and a plain link, and loads the privacy-mode player only when the
visitor asks for it. The transcript, in French and English, is on the page and searchable.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.models.library import ResourceIndexPage
from hub.models.resources import ResourcePage, ResourcePageForm
from programmes.models.indicators import FiguresMixin, figures_panels

from .blocks import CaseStudyBodyBlock
from .video import parse_video

SECTORS = [
    ("business", _("Business")),
    ("public", _("Public sector")),
    ("charity", _("Charity or social enterprise")),
    ("education", _("Education and training")),
    ("tourism", _("Tourism")),
    ("individual", _("Individual")),
]


class CaseStudyForm(ResourcePageForm):
    """Editors may not save a video without its transcript (WCAG 1.2.1), nor the reverse.

    The rule lives in the admin form rather than the model so that legacy imports, which know
    the video's address but not yet its transcript, can still create the page as a draft.
    """

    def clean(self):
        cleaned = super().clean()
        has_transcript = any(
            (cleaned.get(f"video_transcript_{code}") or "").strip() for code in ("en", "fr")
        )
        if cleaned.get("video_url") and not has_transcript:
            self.add_error(
                "video_transcript_en",
                _("A video needs its transcript, in at least one language."),
            )
        if has_transcript and not cleaned.get("video_url"):
            self.add_error("video_url", _("A transcript needs the video's address."))
        return cleaned


class CaseStudyIndexPage(ResourceIndexPage):
    """The list of case studies, with the library's filters and an Atom feed."""

    listing_kind = "case_study"
    template = "case_studies/case_study_index_page.html"
    subpage_types = ["case_studies.CaseStudyPage"]

    class Meta:
        verbose_name = _("case study index")


class CaseStudyPage(FiguresMixin, ResourcePage):
    """A case study (étude de cas): the challenge, what was done, outcomes, figures, a video."""

    resource_kind = "case_study"
    is_creatable = True
    chart_name_field = "organisation"

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=12, choices=SECTORS, blank=True)
    body = StreamField(CaseStudyBodyBlock(), blank=True, verbose_name=_("body"))
    video_url = models.URLField(
        _("video address"),
        max_length=300,
        blank=True,
        help_text=_("A YouTube or Vimeo address; nothing is loaded until the visitor plays it."),
    )
    video_title = models.CharField(_("video title"), max_length=200, blank=True)
    video_duration = models.CharField(
        _("video length"), max_length=20, blank=True, help_text=_("e.g. 3 min 20 s")
    )
    video_transcript = models.TextField(
        _("video transcript"),
        blank=True,
        help_text=_("Everything said and shown in the video; one paragraph per blank line."),
    )

    base_form_class = CaseStudyForm
    template = "case_studies/case_study_page.html"
    parent_page_types = ["case_studies.CaseStudyIndexPage"]
    subpage_types = []

    case_panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("sector"),
            ],
            heading=_("Who"),
        )
    ]
    video_panels = [
        MultiFieldPanel(
            [
                FieldPanel("video_url"),
                FieldRowPanel([FieldPanel("video_title"), FieldPanel("video_duration")]),
                FieldPanel("video_transcript"),
            ],
            heading=_("Video"),
        )
    ]
    # The figures are records (programmes.ResourceIndicator), counted by the impact page and
    # the open data like a programme's indicators.
    figure_panels = figures_panels(
        _("Key figures"),
        _("Key figure"),
        _(
            "A few numbers with what they count, e.g. 373 apprenticeship opportunities; "
            "the page shows them in both languages."
        ),
        max_num=12,
    )
    content_panels = (
        ResourcePage.title_panels
        + case_panels
        + [FieldPanel("body")]
        + figure_panels
        + video_panels
        + ResourcePage.summary_panels
        + ResourcePage.metadata_panels
    )
    search_fields = (
        ResourcePage.search_fields
        + FiguresMixin.figure_search_fields
        + [
            index.SearchField("organisation", boost=2),
            index.SearchField("body"),
            index.SearchField("video_title"),
            index.SearchField("video_transcript"),
            index.FilterField("sector"),
        ]
    )
    api_fields = ResourcePage.api_fields + [
        APIField("organisation"),
        APIField("sector"),
        APIField("video_url"),
        APIField("video_title_en"),
        APIField("video_title_fr"),
        APIField("video_transcript_en"),
        APIField("video_transcript_fr"),
        APIField("body_en"),
        APIField("body_fr"),
        APIField("indicator_list"),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def video(self):
        return parse_video(self.video_url)

    def extra_structured_data(self, request=None):
        from django.templatetags.static import static

        from hub.i18n import translated

        video = self.video
        if not video:
            return {}
        data = {
            "@type": "VideoObject",
            "name": str(translated(self, "video_title")) or str(translated(self, "title")),
            "description": str(translated(self, "summary")),
            "url": video.watch_url,
            "transcript": str(translated(self, "video_transcript")),
            "thumbnailUrl": (
                request.build_absolute_uri(static("img/video-poster.svg"))
                if request is not None
                else static("img/video-poster.svg")
            ),
        }
        if self.date:
            data["uploadDate"] = self.date.isoformat()
        if video.embed_url:
            data["embedUrl"] = video.embed_url
        return {"video": {k: v for k, v in data.items() if v}}
