"""What the tests build: small repositories on disk (repo), data and datasets in memory
(engine), the portal's fixed repository (portal). Nothing here reads today's date."""
