/* HARMONI Arsip: the gallery's lightbox, click-to-load platform videos and the "copy link"
   button. No third-party script is loaded until the visitor asks for it. */
document.addEventListener("DOMContentLoaded", function () {
  // GLightbox is loaded (deferred, before this event) on pages with a gallery only.
  if (window.GLightbox && document.querySelector(".glightbox")) {
    GLightbox({ selector: ".glightbox", touchNavigation: true, loop: false, zoomable: true,
                draggable: true, openEffect: "fade", closeEffect: "fade", slideEffect: "slide" });
  }
});
document.addEventListener("click", function (event) {
  var play = event.target.closest(".harmoni-sematan button");
  if (play) {
    var box = play.closest(".harmoni-sematan");
    var frame = document.createElement("iframe");
    frame.src = box.dataset.sematan;
    frame.title = "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.loading = "lazy";
    var hint = box.querySelector(".harmoni-kecil");
    if (hint) hint.remove();
    play.replaceWith(frame);
    return;
  }
  var copy = event.target.closest(".harmoni-salin");
  if (copy && navigator.clipboard) {
    navigator.clipboard.writeText(copy.dataset.salin).then(function () {
      copy.textContent = "Tautan disalin";
    });
  }
});
