-- The shared-value profile (`generate.py --shared`, after generate.sql):
-- values shared by hundreds or thousands of leads, as on real databases.
-- Only leads that are neither generated duplicates nor their originals are
-- changed.
CREATE TEMP TABLE bench_plain AS
SELECT lead.lead_id, row_number() OVER (ORDER BY md5(lead.lead_id::text)) AS n
  FROM bench_lead lead
 WHERE lead.original_id IS NULL
   AND NOT EXISTS (SELECT FROM bench_lead dup WHERE dup.original_id = lead.lead_id);
-- One shared mailbox of the big account, given by 5,000 leads.
UPDATE crm_lead SET email_from = 'contact@' || %(big_domain)s,
                    email_normalized = 'contact@' || %(big_domain)s,
                    email_domain_criterion = '@' || %(big_domain)s
  FROM bench_plain plain
 WHERE plain.lead_id = crm_lead.id AND plain.n <= 5000;
-- 20 switchboards, 300 leads each.
UPDATE crm_lead
   SET phone = '01 45 00 00 ' || lpad(((plain.n - 5001) / 300)::text, 2, '0'),
       phone_sanitized = '+3314500000' || lpad(((plain.n - 5001) / 300)::text, 2, '0')
  FROM bench_plain plain
 WHERE plain.lead_id = crm_lead.id AND plain.n > 5000 AND plain.n <= 11000;
-- 50 public mailboxes reused by 200 namesakes each (a family address, an
-- address typed by a call centre).
UPDATE crm_lead
   SET email_from = mailbox.email, email_normalized = mailbox.email,
       email_domain_criterion = mailbox.email, contact_name = 'Jean Martin'
  FROM bench_plain plain
 CROSS JOIN LATERAL (
       SELECT 'jean.martin' || ((plain.n - 11001) / 200) || '@gmail.com' AS email
       ) mailbox
 WHERE plain.lead_id = crm_lead.id AND plain.n > 11000 AND plain.n <= 21000;
