"""Reading the request headers that list choices with quality values: Accept-Language
(which language) and Accept (text or JSON), as RFC 9110 section 12.4.2 writes them."""

from __future__ import annotations

MAX_CHOICES = 20  # a real browser sends a handful; the rest of a longer header is ignored


def weighted_choices(header: str) -> list[tuple[str, float]]:
    """Each choice of the header with its quality, in the order sent: "de-AT, en;q=0.5"
    gives [("de-AT", 1.0), ("en", 0.5)]. A quality that is not a number counts as 0 (not
    this one); empty choices are left out; choices keep their case."""
    choices = []
    for part in header.split(",")[:MAX_CHOICES]:
        value, *parameters = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for parameter in parameters:
            name, _sep, number = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(number)
                except ValueError:
                    quality = 0.0
        if value:
            choices.append((value, quality))
    return choices
