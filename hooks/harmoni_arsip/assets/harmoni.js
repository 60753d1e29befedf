/* HARMONI Arsip: gallery thumbnails loaded as the reader nears them, the gallery's lightbox,
   click-to-load platform videos and the "copy link" button. No third-party script is loaded
   until the visitor asks for it, and the lightbox (GLightbox) not before the first tap on a
   photo, so a page's first load stays small. */

/* How far ahead of the screen thumbnails start loading: one screen height. The browser's own
   lazy loading starts 1250-2500 px ahead, which on a phone is most of a 30-photo gallery. */
var HARMONI_AHEAD = "100% 0px";

function harmoniShowThumb(img) {
  img.srcset = img.dataset.srcset;
  img.src = img.dataset.src;
  img.removeAttribute("data-srcset");
  img.removeAttribute("data-src");
}

function harmoniDeferThumbs() {
  var waiting = document.querySelectorAll(".harmoni-galeri img[data-srcset]");
  if (!("IntersectionObserver" in window)) {
    waiting.forEach(harmoniShowThumb);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        harmoniShowThumb(entry.target);
      }
    });
  }, { rootMargin: HARMONI_AHEAD });
  waiting.forEach(function (img) { observer.observe(img); });
}

harmoniDeferThumbs();
var harmoniLightbox = null; // GLightbox, once loaded
var harmoniLightboxLoading = null;

function harmoniLoad(tag, attributes) {
  return new Promise(function (resolve, reject) {
    var element = document.createElement(tag);
    Object.assign(element, attributes, { onload: resolve, onerror: reject });
    document.head.appendChild(element);
  });
}

function harmoniOpenLightbox(link) {
  var gallery = link.closest(".harmoni-galeri");
  var index = Array.prototype.indexOf.call(gallery.querySelectorAll("a.glightbox"), link);
  if (!harmoniLightboxLoading) {
    harmoniLightboxLoading = Promise.all([
      harmoniLoad("link", { rel: "stylesheet", href: gallery.dataset.lightboxCss }),
      harmoniLoad("script", { src: gallery.dataset.lightboxJs }),
    ]).then(function () {
      harmoniLightbox = GLightbox({ selector: ".glightbox", touchNavigation: true, loop: false,
        zoomable: true, draggable: true, openEffect: "fade", closeEffect: "fade",
        slideEffect: "slide" });
      return harmoniLightbox;
    });
  }
  harmoniLightboxLoading.then(function (lightbox) {
    lightbox.openAt(index);
  }, function () {
    window.location.href = link.href; // the lightbox did not load: show the photo itself
  });
}

document.addEventListener("click", function (event) {
  var photo = event.target.closest(".harmoni-galeri a.glightbox");
  if (photo && !harmoniLightbox) { // once loaded, GLightbox handles the taps itself
    event.preventDefault();
    harmoniOpenLightbox(photo);
    return;
  }
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

/* The search box in the header: its code (harmoni-cari.js, which loads Pagefind at the first
   search) is fetched when a visitor first touches the box, and at once on the search page. A
   page nobody searches loads no search code and no index. Without JavaScript the box sends
   its words to the search page, which links the archive's listings. */
function harmoniSearchBox() {
  var form = document.querySelector("form.harmoni-cari");
  if (!form) return;
  var load = function () {
    form.removeEventListener("focusin", load);
    form.removeEventListener("pointerdown", load);
    harmoniLoad("script", { src: form.dataset.kode }).catch(function () {});
  };
  if (document.getElementById("harmoni-cari-halaman")) {
    load();
  } else {
    form.addEventListener("focusin", load);
    form.addEventListener("pointerdown", load);
  }
}

harmoniSearchBox();

/* The Atom feed stays discoverable in the page's source (<link rel="alternate"
   type="application/atom+xml">), but Material's language switcher takes every
   link[rel=alternate] for a translation of the site and fetches the sitemap.xml beside it on
   every page load (30 KB at 10,000 activities). This script runs before the page is ready,
   when Material looks: with one more rel keyword the link no longer matches its selector. */
document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')
  .forEach(function (link) { link.rel = "alternate feed"; });
