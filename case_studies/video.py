"""Video addresses read without asking the host: ids parsed from the URL, privacy-mode embeds.

Nothing here makes a network request (no oEmbed): a case study renders the same whether the
video host is reachable or not, and the visitor's browser contacts the host only once they
choose to play the video (see static/js/video-consent.js).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{5,12}$")
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
    "youtu.be",
    "music.youtube.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class Video:
    url: str
    host: str  # "youtube", "vimeo" or "" for another site
    video_id: str = ""  # empty for a channel, a playlist or an unknown address

    @property
    def host_name(self):
        return {"youtube": "YouTube", "vimeo": "Vimeo"}.get(
            self.host, urlsplit(self.url).hostname or ""
        )

    @property
    def embeddable(self):
        return bool(self.video_id)

    @property
    def embed_url(self):
        """The privacy-mode player address (used by the script and the JSON-LD, never in HTML)."""
        if self.host == "youtube" and self.video_id:
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        if self.host == "vimeo" and self.video_id:
            return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"
        return ""

    @property
    def watch_url(self):
        if self.host == "youtube" and self.video_id:
            return f"https://www.youtube.com/watch?v={self.video_id}"
        if self.host == "vimeo" and self.video_id:
            return f"https://vimeo.com/{self.video_id}"
        return self.url


def parse_video(url):
    """What we can tell about a video address from the address alone."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    hostname = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if hostname in YOUTUBE_HOSTS:
        candidate = ""
        if hostname == "youtu.be" and segments:
            candidate = segments[0]
        elif segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
        return Video(url, "youtube", candidate if YOUTUBE_ID.match(candidate or "") else "")
    if hostname in VIMEO_HOSTS:
        candidate = next((s for s in reversed(segments) if VIMEO_ID.match(s)), "")
        return Video(url, "vimeo", candidate)
    return Video(url, "")
