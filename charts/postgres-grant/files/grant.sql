-- Lets one user create tables in schema public of the current database, which it does not own.
--
-- Since PostgreSQL 15 only the owner of schema public (the database owner) may create in it, and DigitalOcean
-- creates databases owned by doadmin. Run this as doadmin, connected to the database to grant on.
--
-- Plain SQL on purpose, with no psql variables: the Job (psql --command) and the project's test (node-postgres)
-- send this exact text. The user comes from the custom setting harbor_doks.grantee, which the Job sets with
-- PGOPTIONS="-c harbor_doks.grantee=<user>".
--
-- A GRANT by a role without grant options only WARNS ("no privileges were granted") and psql still exits 0, so the
-- checks after the grants are what makes the Job fail when nothing was granted. The block is one transaction:
-- when a check fails, nothing is left half granted.
DO $grant$
DECLARE
  grantee text := coalesce(current_setting('harbor_doks.grantee', true), '');
  database_name text := current_database();
  database_owner text;
  schema_owner text;
BEGIN
  IF grantee = '' THEN
    RAISE EXCEPTION 'no user to grant on database "%": set harbor_doks.grantee '
      '(PGOPTIONS="-c harbor_doks.grantee=<user>")', database_name;
  END IF;

  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', database_name, grantee);
  EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', grantee);

  SELECT pg_get_userbyid(datdba) INTO database_owner FROM pg_database WHERE datname = database_name;
  SELECT pg_get_userbyid(nspowner) INTO schema_owner FROM pg_namespace WHERE nspname = 'public';

  IF NOT has_database_privilege(grantee, database_name, 'CONNECT') THEN
    RAISE EXCEPTION 'user "%" cannot connect to database "%"', grantee, database_name
      USING DETAIL = format('%I could not grant CONNECT: the database is owned by %I.', current_user, database_owner),
            HINT = format('As %I, run: GRANT CONNECT ON DATABASE %I TO %I;', database_owner, database_name, grantee);
  END IF;

  -- CREATE alone: has_schema_privilege(..., 'USAGE, CREATE') is true when EITHER is held, and every user holds USAGE.
  IF NOT has_schema_privilege(grantee, 'public', 'CREATE') THEN
    RAISE EXCEPTION 'user "%" cannot create tables in schema public of database "%"', grantee, database_name
      USING DETAIL = format('%I could not grant CREATE: schema public is owned by %I (database owner: %I).',
                            current_user, schema_owner, database_owner),
            HINT = format('As %I, run in database %I: GRANT USAGE, CREATE ON SCHEMA public TO %I;',
                          CASE WHEN schema_owner = 'pg_database_owner' THEN database_owner ELSE schema_owner END,
                          database_name, grantee);
  END IF;

  RAISE NOTICE 'user "%" can connect to database "%" and create tables in its schema public', grantee, database_name;
END
$grant$;
