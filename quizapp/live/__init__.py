"""Live rooms over the network: the aiohttp server, its protocol, the phone page and the
terminal client's connection. Imports the core; never Textual or Rich (import-linter checks)."""
