-- The language the owner of an account last used when they proved who they are (signing in, or
-- finishing a reset): `en` or `de`, NULL until then. A message that anyone who knows the User ID
-- can cause (the reset wizard's PIN, the lockout notice, the reset-by-email notice and link) is
-- written in this language, so a stranger's browser cannot choose the language of the owner's
-- warning.
ALTER TABLE accounts ADD COLUMN language TEXT;
