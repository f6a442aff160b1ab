"""The one guarded network client of an audit: address guard, resolver, TLS contexts, HTTP client."""
