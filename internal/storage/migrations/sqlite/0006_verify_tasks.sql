-- Notify-and-commit promises (告知承诺) waiting for verification (核查):
-- the back office's task list selects them.
ALTER TABLE applications ADD COLUMN verify_pending BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE applications SET verify_pending = TRUE
 WHERE json_type(doc, '$.promise') = 'object'
   AND COALESCE(json_extract(doc, '$.promise.result'), '') = ''
   AND state IN ('reviewing', 'paused', 'approved', 'issued', 'delivered');
CREATE INDEX applications_verify ON applications(owner_unit_id, id) WHERE verify_pending;
