// Idempotent schema of the Onkopassport graph (docs/graph-model.md).
// Applied on every `db start` and API start; IF NOT EXISTS makes a second run a no-op.

// ---- record layer ----
CREATE CONSTRAINT record_key IF NOT EXISTS FOR (r:Record) REQUIRE r.key IS UNIQUE;
CREATE CONSTRAINT identifier_system_value IF NOT EXISTS
  FOR (i:Identifier) REQUIRE (i.system, i.value) IS UNIQUE;
CREATE CONSTRAINT organization_oid IF NOT EXISTS FOR (o:Organization) REQUIRE o.oid IS UNIQUE;
CREATE CONSTRAINT district_name IF NOT EXISTS FOR (d:District) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT capability_code IF NOT EXISTS FOR (c:Capability) REQUIRE c.code IS UNIQUE;
CREATE CONSTRAINT quarantine_id IF NOT EXISTS FOR (q:Quarantine) REQUIRE q.quarantineId IS UNIQUE;
CREATE INDEX record_kind_date IF NOT EXISTS FOR (r:Record) ON (r.kind, r.date);
CREATE INDEX record_resource_type IF NOT EXISTS FOR (r:Record) ON (r.resourceType);
CREATE INDEX quarantine_status IF NOT EXISTS FOR (q:Quarantine) ON (q.status);
// Finds what an interrupted ingest left unfinished (ingest/pipeline.py) without a scan.
CREATE INDEX record_settling IF NOT EXISTS FOR (r:Record) ON (r.settling);

// ---- identity layer ----
CREATE CONSTRAINT patient_id IF NOT EXISTS FOR (p:Patient) REQUIRE p.patientId IS UNIQUE;
CREATE INDEX patient_record_snils IF NOT EXISTS FOR (r:PatientRecord) ON (r.snils);
CREATE INDEX patient_record_birth_date IF NOT EXISTS FOR (r:PatientRecord) ON (r.birthDate);
CREATE INDEX passport_district IF NOT EXISTS FOR (p:Passport) ON (p.district);
// Queries often name the more specific label: give it the same lookups as its parent.
CREATE INDEX passport_patient_id IF NOT EXISTS FOR (p:Passport) ON (p.patientId);
CREATE INDEX patient_record_key IF NOT EXISTS FOR (r:PatientRecord) ON (r.key);
CREATE CONSTRAINT link_review_id IF NOT EXISTS FOR (l:LinkReview) REQUIRE l.reviewId IS UNIQUE;
// The few links a join of two people moved (list_patient_merges.cypher).
CREATE INDEX belongs_to_merged_from IF NOT EXISTS FOR ()-[l:BELONGS_TO]-() ON (l.mergedFrom);

// ---- derived layer ----
CREATE CONSTRAINT tumor_id IF NOT EXISTS FOR (t:Tumor) REQUIRE t.tumorId IS UNIQUE;
CREATE INDEX tumor_icd10 IF NOT EXISTS FOR (t:Tumor) ON (t.icd10);
CREATE INDEX tumor_diagnosed_on IF NOT EXISTS FOR (t:Tumor) ON (t.diagnosedOn);
CREATE CONSTRAINT deadline_id IF NOT EXISTS FOR (d:Deadline) REQUIRE d.deadlineId IS UNIQUE;
CREATE INDEX deadline_state IF NOT EXISTS FOR (d:Deadline) ON (d.state, d.dueOn);
CREATE CONSTRAINT gap_id IF NOT EXISTS FOR (g:Gap) REQUIRE g.gapId IS UNIQUE;
CREATE INDEX gap_kind IF NOT EXISTS FOR (g:Gap) ON (g.kind);
CREATE CONSTRAINT notification_id IF NOT EXISTS
  FOR (n:Notification) REQUIRE n.notificationId IS UNIQUE;
CREATE CONSTRAINT outbox_message_id IF NOT EXISTS
  FOR (m:OutboxMessage) REQUIRE m.messageId IS UNIQUE;
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (a:AuditEntry) REQUIRE a.entryId IS UNIQUE;

// ---- passport API, access and audit (api/auth, api/graphql/passport.py) ----
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.userId IS UNIQUE;
CREATE INDEX passport_snils IF NOT EXISTS FOR (p:Passport) ON (p.snils);
CREATE INDEX passport_birth_date IF NOT EXISTS FOR (p:Passport) ON (p.birthDate);
CREATE INDEX audit_entry_patient IF NOT EXISTS FOR (a:AuditEntry) ON (a.patientId, a.at);

// ---- registry (registry/, docs/graph-model.md §Registry) ----
CREATE CONSTRAINT registry_entry_tumor_id IF NOT EXISTS
  FOR (e:RegistryEntry) REQUIRE e.tumorId IS UNIQUE;
CREATE INDEX registry_entry_patient IF NOT EXISTS FOR (e:RegistryEntry) ON (e.patientId);
CREATE INDEX registry_status_period IF NOT EXISTS FOR (s:RegistryStatus) ON (s.status, s.since);
CREATE CONSTRAINT quality_review_id IF NOT EXISTS
  FOR (q:QualityReview) REQUIRE q.reviewId IS UNIQUE;

// ---- pathway (issue 5): worklist, routing, notifications, outbox ----
CREATE INDEX gap_urgency IF NOT EXISTS FOR (g:Gap) ON (g.urgency);
CREATE INDEX gap_district IF NOT EXISTS FOR (g:Gap) ON (g.district);
CREATE INDEX gap_organization IF NOT EXISTS FOR (g:Gap) ON (g.organizationOid);
CREATE INDEX passport_current_organization IF NOT EXISTS
  FOR (p:Passport) ON (p.currentOrganizationOid);
CREATE CONSTRAINT routing_rule_id IF NOT EXISTS FOR (r:RoutingRule) REQUIRE r.ruleId IS UNIQUE;
CREATE INDEX routing_rule_lookup IF NOT EXISTS FOR (r:RoutingRule) ON (r.district, r.step);
CREATE INDEX notification_created IF NOT EXISTS FOR (n:Notification) ON (n.createdOn);
CREATE INDEX outbox_status IF NOT EXISTS FOR (m:OutboxMessage) ON (m.status, m.nextAttemptAt);

// ---- VIMIS exchange (vimis/): :OutboxMessage:VimisMessage, ids under outbox_message_id ----
CREATE INDEX vimis_message_state IF NOT EXISTS FOR (m:VimisMessage) ON (m.state);
CREATE INDEX vimis_message_organization IF NOT EXISTS
  FOR (m:VimisMessage) ON (m.organizationOid);

// ---- analytics (analytics/): dashboard widgets of each user ----
CREATE CONSTRAINT dashboard_widget_id IF NOT EXISTS
  FOR (w:DashboardWidget) REQUIRE w.widgetId IS UNIQUE;
CREATE INDEX dashboard_widget_user IF NOT EXISTS FOR (w:DashboardWidget) ON (w.userId);
