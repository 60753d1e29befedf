"""The "Beri masukan" links of an activity page: WhatsApp, e-mail and a web form, each prefilled
with the activity's id, title and permanent URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..entries import Entry
from ..settings import FeedbackSettings

TEXT_PLACEHOLDER = "{teks}"
"""Where the prefilled text goes in `extra.harmoni.masukan.formulir`."""


@dataclass(frozen=True)
class FeedbackLink:
    """One way to send feedback: a button label and where it leads."""

    label: str
    url: str
    channel: str
    """`whatsapp`, `email` or `formulir`."""


def feedback_links(
    entry: Entry, permanent_url: str, settings: FeedbackSettings
) -> list[FeedbackLink]:
    """A link for every channel the office configured, in a fixed order; none → empty."""
    text = message(entry, permanent_url)
    links = []
    if settings.whatsapp is not None:
        links.append(FeedbackLink("Kirim lewat WhatsApp", whatsapp_url(settings.whatsapp, text),
                                  "whatsapp"))  # fmt: skip
    if settings.email:
        subject = f"Masukan kegiatan {entry.id}: {entry.title}"
        links.append(
            FeedbackLink("Kirim e-mail", mailto_url(settings.email, subject, text), "email")
        )
    if settings.formulir:
        links.append(FeedbackLink("Isi formulir", form_url(settings.formulir, text), "formulir"))
    return links


def message(entry: Entry, permanent_url: str) -> str:
    """The prefilled text: which activity, so the office knows what the feedback is about."""
    return (
        f"Masukan untuk kegiatan: {entry.title}\n"
        f"Nomor arsip: {entry.id}\n"
        f"Alamat: {permanent_url}\n\n"
        "Masukan saya: "
    )


def whatsapp_url(number: str | int, text: str) -> str:
    """A wa.me link that opens a chat with `number` and `text` typed in."""
    return f"https://wa.me/{number}?text={_encode(text)}"


def mailto_url(address: str, subject: str, body: str) -> str:
    """A mailto link with subject and body, percent-encoded as RFC 6068 asks: no `+` for
    spaces, CRLF for line breaks."""
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{address}?subject={_encode(subject)}&body={_encode(body)}"


def form_url(template: str, text: str) -> str:
    """The form address with the encoded text in place of `{teks}`."""
    return template.replace(TEXT_PLACEHOLDER, _encode(text))


def _encode(text: str) -> str:
    """Percent-encode everything but unreserved characters (spaces become `%20`)."""
    return quote(text, safe="")
