-- The leads of `bench/run` (and `bench/scan`), generated in set-based SQL by
-- generate.py, which fills the named parameters (odoo.tools.SQL).
--
-- The bench_* tables stay in the benchmark database: who each generated lead
-- is, so that measure.py can check that duplicates are found.
CREATE FUNCTION pg_temp.h(x int, seed int, m int) RETURNS int
    LANGUAGE sql IMMUTABLE AS
    'SELECT mod(hashint4extended(x, seed) & 9223372036854775807, m)::int';

-- Company 0 is the big account.
CREATE UNLOGGED TABLE bench_company AS
SELECT c AS company_no,
       CASE WHEN c = 0 THEN %(big_name)s
            ELSE (%(words)s)[pick.word] || ' ' || (%(trades)s)[pick.trade] END AS name,
       CASE WHEN c = 0 THEN '' ELSE (%(legal_forms)s)[pick.legal_form] END
           AS legal_form,
       CASE WHEN c = 0 THEN %(big_domain)s
            ELSE (%(words_ascii)s)[pick.word] || (%(trades_ascii)s)[pick.trade]
                 || c || '.fr' END AS domain
  FROM generate_series(0, %(companies)s) AS c
 CROSS JOIN LATERAL (
       SELECT 1 + pg_temp.h(c, 1, %(n_words)s) AS word,
              1 + pg_temp.h(c, 2, %(n_trades)s) AS trade,
              1 + pg_temp.h(c, 3, %(n_legal_forms)s) AS legal_form) pick;

-- One row per person: the leads of a person are its original lead and the
-- duplicates that point at it.
CREATE UNLOGGED TABLE bench_person AS
SELECT p, kind.is_big, kind.public_mail, kind.company_no, kind.country,
       name.first_name, name.first_ascii, name.last_name, name.last_ascii,
       NOT kind.public_mail AND pg_temp.h(p, 6, 100) < %(partner_percent)s
           AS has_partner,
       NOT kind.public_mail OR pg_temp.h(p, 7, 100) < 50 AS has_company_name,
       pg_temp.h(p, 8, 100) < 92 AS has_email,
       kind.switchboard OR pg_temp.h(p, 10, 100) < 80 AS has_phone,
       CASE WHEN kind.public_mail
                 THEN name.first_ascii || '.' || name.last_ascii || p
            WHEN kind.is_big THEN left(name.first_ascii, 1) || name.last_ascii || p
            ELSE name.first_ascii || '.' || name.last_ascii END AS email_local,
       CASE WHEN kind.public_mail
                 THEN (%(providers)s)[1 + pg_temp.h(p, 11, %(n_providers)s)]
            ELSE company.domain END AS email_domain,
       -- national significant numbers: valid French mobiles (06 but 069 and
       -- 0639), Belgian mobiles (047), the big account's switchboard
       CASE WHEN kind.switchboard THEN %(switchboard)s
            WHEN kind.country = 'BE'
                 THEN '47' || lpad(mod(p::bigint * 7919, 10000000)::text, 7, '0')
            ELSE '6' || ('{1,2,4,5,6,7,8}'::text[])[
                            1 + mod(p::bigint * 7919, 70000000) / 10000000]
                 || lpad(mod(p::bigint * 7919, 10000000)::text, 7, '0') END AS nsn
  FROM generate_series(1, %(leads)s) AS p
 CROSS JOIN LATERAL (
       SELECT pg_temp.h(p, 4, %(leads)s) < %(big_leads)s AS is_big) big
 CROSS JOIN LATERAL (
       SELECT big.is_big,
              big.is_big AND pg_temp.h(p, 9, 8) = 0 AS switchboard,
              NOT big.is_big AND pg_temp.h(p, 5, 100) < %(public_percent)s
                  AS public_mail,
              CASE WHEN big.is_big THEN 0
                   ELSE 1 + pg_temp.h(p, 12, %(companies)s) END AS company_no,
              CASE WHEN NOT big.is_big AND pg_temp.h(p, 13, 100) < 12 THEN 'BE'
                   ELSE 'FR' END AS country) kind
 CROSS JOIN LATERAL (
       SELECT 1 + pg_temp.h(p, 14, %(n_first)s) AS fi,
              1 + pg_temp.h(p, 15, %(n_last)s) AS li) pick
 CROSS JOIN LATERAL (
       SELECT (%(first)s)[pick.fi] AS first_name,
              (%(first_ascii)s)[pick.fi] AS first_ascii,
              (%(last)s)[pick.li] AS last_name,
              (%(last_ascii)s)[pick.li] AS last_ascii) name
  JOIN bench_company company ON company.company_no = kind.company_no
 WHERE mod(p, %(every)s) <> 0;
ALTER TABLE bench_person ADD PRIMARY KEY (p);

-- Where each person lives: their own home, a home of two (every second
-- pair of people), or a building shared by several. An address number,
-- spread over every address there is (a multiplication by a prime modulo
-- their number: two numbers never give one address), gives a house number,
-- a street, a town and one of its districts' zip.
CREATE UNLOGGED TABLE bench_address AS
SELECT p, pg_temp.h(p, 40, 100) < %(address_percent)s AS has_address,
       spread.no / 300 AS place, 1 + mod(spread.no, 300) AS house_number
  FROM bench_person
 CROSS JOIN LATERAL (
       SELECT CASE WHEN pg_temp.h(p, 41, 100) < %(building_percent)s
                   THEN 2 * %(leads)s + 1 + pg_temp.h(p, 42, %(buildings)s)
                   WHEN pg_temp.h(p / 2, 43, 100) < %(household_percent)s
                   THEN %(leads)s + p / 2
                   ELSE p END AS no) home
 CROSS JOIN LATERAL (
       SELECT mod(home.no::bigint * 2654435761,
                  300 * %(n_streets)s * %(n_towns)s * 20) AS no) spread;
ALTER TABLE bench_address ADD PRIMARY KEY (p);

-- Which person each lead is; duplicates point at an earlier original lead.
CREATE UNLOGGED TABLE bench_lead AS
SELECT %(lead_base)s + i AS lead_id, dup.p,
       CASE WHEN dup.is_dup THEN %(lead_base)s + dup.p END AS original_id,
       CASE WHEN dup.is_dup THEN mod(i / %(every)s, 4) END AS variant,
       i
  FROM generate_series(1, %(leads)s) AS i
 CROSS JOIN LATERAL (SELECT 1 + pg_temp.h(i, 16, greatest(i - 1, 1)) AS q) pick
 CROSS JOIN LATERAL (
       SELECT mod(i, %(every)s) = 0 AS is_dup,
              CASE WHEN mod(i, %(every)s) <> 0 THEN i
                   ELSE pick.q - (mod(pick.q, %(every)s) = 0)::int END AS p) dup;

INSERT INTO res_partner (id, name, complete_name, type, is_company, active,
                         commercial_partner_id, country_id, partner_share, employee,
                         create_uid, write_uid, create_date, write_date)
SELECT %(company_base)s + company_no,
       trim(name || ' ' || legal_form), trim(name || ' ' || legal_form),
       'contact', true, true, %(company_base)s + company_no, %(fr)s, true, false,
       %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
  FROM bench_company;

INSERT INTO res_partner (id, name, complete_name, type, is_company, active, parent_id,
                         commercial_partner_id, commercial_company_name, email,
                         email_normalized, country_id, partner_share, employee,
                         create_uid, write_uid, create_date, write_date)
SELECT %(contact_base)s + person.p,
       person.first_name || ' ' || person.last_name,
       trim(company.name || ' ' || company.legal_form) || ', '
           || person.first_name || ' ' || person.last_name,
       'contact', false, true,
       %(company_base)s + company.company_no, %(company_base)s + company.company_no,
       trim(company.name || ' ' || company.legal_form),
       person.email_local || '@' || person.email_domain,
       person.email_local || '@' || person.email_domain,
       CASE person.country WHEN 'BE' THEN %(be)s ELSE %(fr)s END, true, false,
       %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
  FROM bench_person person
  JOIN bench_company company ON company.company_no = person.company_no
 WHERE person.has_partner;

INSERT INTO crm_lead (id, name, type, active, won_status, probability, stage_id,
                      lost_reason_id, date_closed, user_id, team_id, company_id,
                      partner_id, country_id, priority, contact_name, partner_name,
                      email_from, email_normalized, email_domain_criterion,
                      email_state, phone, phone_sanitized, phone_state,
                      expected_revenue, create_uid, write_uid, create_date,
                      write_date, date_open, date_last_stage_update,
                      street, zip, city)
SELECT lead.lead_id,
       -- a duplicate asks for what its original asked (the same request
       -- twice); a person's other deals are the trap the scoring must see
       coalesce(names.partner_name, names.contact_name) || ' - '
           || (%(products)s)[1 + pg_temp.h(lead.p, 20, %(n_products)s)],
       CASE WHEN status.won OR pg_temp.h(lead.i, 21, 2) = 0 THEN 'opportunity'
            ELSE 'lead' END,
       NOT status.lost,
       CASE WHEN status.won THEN 'won' WHEN status.lost THEN 'lost'
            ELSE 'pending' END,
       CASE WHEN status.won THEN 100 WHEN status.lost THEN 0
            ELSE 10 + pg_temp.h(lead.i, 22, 80) END,
       CASE WHEN status.won THEN %(won_stage)s
            ELSE (%(stages)s)[1 + pg_temp.h(lead.i, 23, %(n_stages)s)] END,
       CASE WHEN status.lost THEN %(lost_reason)s END,
       CASE WHEN status.won OR status.lost THEN dates.created + interval '20 days' END,
       CASE WHEN status.assigned THEN %(uid)s END,
       %(team)s, %(company)s,
       CASE WHEN person.has_partner THEN %(contact_base)s + person.p END,
       CASE contact.lead_country WHEN 'BE' THEN %(be)s WHEN 'FR' THEN %(fr)s END,
       '0', names.contact_name, names.partner_name,
       contact.email_from, lower(contact.email_from),
       CASE WHEN split_part(lower(contact.email_from), '@', 2)
                 = ANY(%(core_public_domains)s)
            THEN lower(contact.email_from)
            ELSE '@' || split_part(lower(contact.email_from), '@', 2) END,
       CASE WHEN contact.email_from IS NOT NULL THEN 'correct' END,
       contact.phone,
       -- core reads a national number with the lead's country, else its
       -- customer's, else the company's (France): a Belgian number read as
       -- French is still a valid French number
       CASE WHEN contact.phone IS NULL THEN NULL
            WHEN contact.phone_format = 1
                 OR coalesce(contact.lead_country,
                             CASE WHEN person.has_partner THEN person.country END,
                             'FR') = person.country
            THEN contact.prefix || person.nsn
            ELSE '+33' || person.nsn END,
       CASE WHEN contact.phone IS NOT NULL THEN 'correct' END,
       500 * pg_temp.h(lead.i, 25, 200),
       %(uid)s, %(uid)s, dates.created, dates.created,
       CASE WHEN status.assigned THEN dates.created END, dates.created,
       -- a duplicate writes its address another way: in capitals, the
       -- street type abbreviated, the zip left out
       CASE WHEN NOT address.has_address THEN NULL
            WHEN dup.is_dup AND lead.variant = 0 THEN upper(place.street_line)
            WHEN dup.is_dup AND lead.variant = 3
                 THEN regexp_replace(place.street_line,
                      ' (rue|avenue|boulevard) ', ' ' || CASE
                          WHEN place.street_line LIKE '%% rue %%' THEN 'r.'
                          WHEN place.street_line LIKE '%% avenue %%' THEN 'av.'
                          ELSE 'bd' END || ' ')
            ELSE place.street_line END,
       CASE WHEN address.has_address AND NOT (dup.is_dup AND lead.variant = 1)
            THEN place.zip END,
       CASE WHEN address.has_address
            THEN CASE WHEN dup.is_dup AND lead.variant = 0 THEN upper(place.city)
                      ELSE place.city END END
  FROM bench_lead lead
  JOIN bench_person person ON person.p = lead.p
  JOIN bench_address address ON address.p = lead.p
 CROSS JOIN LATERAL (
       SELECT 1 + mod(address.place, %(n_streets)s) AS street_no,
              1 + mod(address.place / %(n_streets)s, %(n_towns)s) AS town_no,
              address.place / (%(n_streets)s * %(n_towns)s) AS district) pick_place
 CROSS JOIN LATERAL (
       SELECT address.house_number || ' ' || (%(streets)s)[pick_place.street_no]
                  AS street_line,
              lpad(((%(town_zips)s)[pick_place.town_no] + mod(pick_place.district,
                   (%(town_districts)s)[pick_place.town_no]))::text, 5, '0') AS zip,
              (%(town_names)s)[pick_place.town_no] AS city) place
  JOIN bench_company company ON company.company_no = person.company_no
 CROSS JOIN LATERAL (SELECT lead.variant IS NOT NULL AS is_dup) dup
 CROSS JOIN LATERAL (
       SELECT pg_temp.h(lead.i, 26, 100) < 6 AS won,
              pg_temp.h(lead.i, 26, 100) BETWEEN 6 AND 11 AS lost,
              pg_temp.h(lead.i, 24, 10) < 7 AS assigned) status
 CROSS JOIN LATERAL (
       SELECT (now() at time zone 'UTC')
              - make_interval(days => pg_temp.h(lead.i, 27, 730),
                              secs => pg_temp.h(lead.i, 28, 86400)) AS created) dates
 CROSS JOIN LATERAL (
       SELECT CASE WHEN dup.is_dup AND lead.variant IN (0, 3)
                        THEN upper(person.last_name) || ' ' || person.first_name
                   WHEN dup.is_dup AND lead.variant = 2
                        THEN person.first_ascii || ' ' || person.last_ascii
                   ELSE person.first_name || ' ' || person.last_name END
                  AS contact_name,
              CASE WHEN NOT person.has_company_name THEN NULL
                   WHEN dup.is_dup AND lead.variant = 3 THEN upper(company.name)
                   ELSE trim(company.name || ' ' || company.legal_form) END
                  AS partner_name) names
 CROSS JOIN LATERAL (
       SELECT CASE WHEN pg_temp.h(lead.i, 29, 100) < 65 THEN person.country END
                  AS lead_country,
              pg_temp.h(lead.i, 30, 3) AS phone_format,
              CASE person.country WHEN 'BE' THEN '+32' ELSE '+33' END AS prefix,
              CASE person.country
                   WHEN 'BE' THEN regexp_replace(person.nsn,
                       '^(\d{3})(\d{2})(\d{2})(\d{2})$', '\1 \2 \3 \4')
                   ELSE regexp_replace(person.nsn,
                       '^(\d)(\d{2})(\d{2})(\d{2})(\d{2})$', '\1 \2 \3 \4 \5')
              END AS grouped) phone
 CROSS JOIN LATERAL (
       SELECT phone.lead_country, phone.phone_format, phone.prefix,
              CASE WHEN NOT person.has_email OR dup.is_dup AND lead.variant = 2
                        THEN NULL
                   WHEN dup.is_dup AND lead.variant = 0
                        THEN initcap(person.email_local) || '@'
                             || upper(person.email_domain)
                   WHEN dup.is_dup AND lead.variant = 1
                        AND person.email_domain = 'gmail.com'
                        THEN replace(person.email_local, '.', '') || '@gmail.com'
                   WHEN dup.is_dup AND lead.variant = 1
                        THEN person.email_local || '+crm@' || person.email_domain
                   WHEN dup.is_dup AND lead.variant = 3
                        THEN person.first_ascii || person.last_ascii || lead.i || '@'
                             || (%(providers)s)[
                                    1 + pg_temp.h(lead.i, 31, %(n_providers)s)]
                   ELSE person.email_local || '@' || person.email_domain END
                  AS email_from,
              CASE WHEN NOT person.has_phone OR dup.is_dup AND lead.variant IN (1, 3)
                        THEN NULL
                   WHEN phone.phone_format = 0 THEN '0' || phone.grouped
                   WHEN phone.phone_format = 1 THEN phone.prefix || ' ' || phone.grouped
                   ELSE '0' || person.nsn END AS phone) contact;
