"""Pieces shared by the simulators (portal, SMS gateway): fault spec, fault injector, HTTP server."""
