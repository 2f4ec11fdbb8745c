-- The key ring that protects the page sessions' cookies and antiforgery tokens (ASP.NET Core data
-- protection), kept in the store so a restart keeps people signed in and instances on one
-- PostgreSQL database read each other's cookies.
CREATE TABLE session_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
