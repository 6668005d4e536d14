"""Default container images: each a release tag and, beside it, that release's sha256 manifest digest.

A digest is written here only when it was read from the registry for that exact tag (for example
`docker buildx imagetools inspect IMAGE:TAG` or `crane digest IMAGE:TAG` on a machine that reaches it);
never guessed. Until then it is None and the tag alone pins the default. The LiteLLM tag is the release
of the pip pin in requirements/litellm.in (tests/test_supply_chain.py checks both).
"""
from __future__ import annotations

from typing import NamedTuple


class Image(NamedTuple):
    repository: str
    tag: str
    digest: str | None = None  # "sha256:<64 hex>" of the tag's manifest (list), when known

    def reference(self) -> str:
        """repository:tag, and @digest when the digest is known (the tag then documents the release)."""
        return f"{self.repository}:{self.tag}" + (f"@{self.digest}" if self.digest else "")


LITELLM = Image("ghcr.io/berriai/litellm-non_root", "v1.106.12")
OLLAMA = Image("ollama/ollama", "0.12.10")
