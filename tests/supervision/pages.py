"""The addresses of an item's page and of its steps, as the supervision tests post to them."""

from django.urls import reverse


def detail(item) -> str:
    return reverse("supervision:item_detail", args=[item.pk])


def step(item, name: str) -> str:
    return reverse(f"supervision:item_{name}", args=[item.pk])
