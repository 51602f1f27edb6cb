"""litx's records in spaCy's serialization (msgpack, through srsly's encoder registry): ``DocBin(store_user_data=True)``,
``doc.to_bytes()`` and ``nlp.pipe(texts, n_process=2)`` keep ``doc._.outcomes``, ``doc._.entity_mentions`` and
``span._.outcome`` as the frozen records they are."""
from __future__ import annotations

from dataclasses import fields

import srsly

from .schema import EntityMention, Outcome

_TYPES = {"Outcome": Outcome, "EntityMention": EntityMention}
_KEY = "__litx__"


def encode(obj, chain=None):
    """A litx record as a plain dict msgpack can hold; anything else to the next encoder."""
    name = type(obj).__name__
    if name in _TYPES and isinstance(obj, _TYPES[name]):
        return {_KEY: name, "f": [getattr(obj, f.name) for f in fields(obj)]}
    return obj if chain is None else chain(obj)


def decode(obj, chain=None):
    """The record a dict written by :func:`encode` stands for; anything else to the next decoder."""
    if isinstance(obj, dict):
        name = obj.get(_KEY, obj.get(_KEY.encode()))
        if name is not None:
            cls = _TYPES[name.decode() if isinstance(name, bytes) else name]
            return cls(*obj.get("f", obj.get(b"f")))
    return obj if chain is None else chain(obj)


srsly.msgpack_encoders.register("litx_records", func=encode)
srsly.msgpack_decoders.register("litx_records", func=decode)
