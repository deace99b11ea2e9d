/* Loads a video player only when the visitor asks for it (privacy first).
   The page ships a local poster and a plain link; nothing reaches the video host before a
   click. The player comes from the host's privacy mode (youtube-nocookie, Vimeo's dnt=1). */
(function () {
  "use strict";
  var PLAYERS = {
    youtube: function (id) { return "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(id) + "?autoplay=1&rel=0"; },
    vimeo: function (id) { return "https://player.vimeo.com/video/" + encodeURIComponent(id) + "?dnt=1&autoplay=1"; }
  };
  document.querySelectorAll("figure[data-video-id][data-video-host]").forEach(function (figure) {
    var build = PLAYERS[figure.getAttribute("data-video-host")];
    var button = figure.querySelector(".video-consent__play");
    var poster = figure.querySelector(".video-consent__poster");
    if (!build || !button || !poster) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = build(figure.getAttribute("data-video-id"));
      frame.title = figure.getAttribute("data-video-title") || button.textContent;
      frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      frame.setAttribute("allowfullscreen", "");
      frame.className = "video-consent__frame";
      frame.width = 640;
      frame.height = 360;
      poster.replaceWith(frame);
      frame.focus();
    });
  });
})();
