"""SEO: schema.org JSON-LD for pages and the sitemap."""
