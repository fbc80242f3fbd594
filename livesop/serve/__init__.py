"""The running show served on the room's network: every role's live view on their own phone.

``hub`` keeps the references (engine, run log, clock), applies a phone's operation and publishes
the view state; ``state`` turns the engine's snapshot into what the pages draw; ``server`` is the
HTTP + WebSocket server and ``serve``, the entry point of ``livesop run --serve``; ``bind`` reads
``[HOST:]PORT`` and binds before go-live; ``qr`` prints the view links as QR codes; ``views/``
holds the pages (HTML, CSS, JS, no external resource). See docs/serve.md.
"""
