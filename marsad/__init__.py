"""marsad (مرصد): Arabic-first news event data.

    >>> import marsad
    >>> doc = marsad.analyze("التقى وزير الخارجية السعودي نظيره التركي في أنقرة اليوم.", published="2025-12-20")
"""

from __future__ import annotations

__version__ = "0.1.0"

from marsad.document import Document  # noqa: E402
from marsad.pipeline import Pipeline, analyze  # noqa: E402

__all__ = ["Document", "Pipeline", "analyze", "__version__"]
