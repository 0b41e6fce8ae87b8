-- Takes the org's quota lock and says whether the org may create one more compose.
-- Called from the INSERT that creates a compose, so lock, count and insert are one statement
-- (one round trip). The lock is held until that transaction ends; being VOLATILE, the count
-- runs on a fresh snapshot taken after the lock, so it sees every compose committed before.
-- Deleted composes count: deleting does not give quota back.
CREATE FUNCTION quota_slot_free(p_org_id text, p_quota integer, p_window_ms double precision)
RETURNS boolean
LANGUAGE plpgsql
VOLATILE
AS $$
DECLARE
  used bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7413220, hashtext(p_org_id));
  SELECT count(*) INTO used
    FROM composes
   WHERE org_id = p_org_id
     AND created_at >= now() - p_window_ms * interval '1 millisecond';
  RETURN used < p_quota;
END
$$;
