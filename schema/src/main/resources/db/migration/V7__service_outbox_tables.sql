-- Reason: DESIGN "never lose an event" - each publishing service writes its events in the same transaction as its table changes (transactional outbox), relayed to Kafka.
-- Identical columns for every service; rows are inserted and deleted (after relay), never updated,
-- so these tables carry no updated_at and no updated_at trigger.

CREATE TABLE device_outbox (
    id          BIGSERIAL,
    event_id    UUID NOT NULL,
    topic       VARCHAR(255) NOT NULL,
    message_key VARCHAR(255),
    event_type  VARCHAR(255) NOT NULL,
    payload     JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_device_outbox PRIMARY KEY (id),
    CONSTRAINT uq_device_outbox_event_id UNIQUE (event_id)
);

CREATE TABLE finding_outbox (
    id          BIGSERIAL,
    event_id    UUID NOT NULL,
    topic       VARCHAR(255) NOT NULL,
    message_key VARCHAR(255),
    event_type  VARCHAR(255) NOT NULL,
    payload     JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_finding_outbox PRIMARY KEY (id),
    CONSTRAINT uq_finding_outbox_event_id UNIQUE (event_id)
);

CREATE TABLE playbook_outbox (
    id          BIGSERIAL,
    event_id    UUID NOT NULL,
    topic       VARCHAR(255) NOT NULL,
    message_key VARCHAR(255),
    event_type  VARCHAR(255) NOT NULL,
    payload     JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_playbook_outbox PRIMARY KEY (id),
    CONSTRAINT uq_playbook_outbox_event_id UNIQUE (event_id)
);

CREATE TABLE executor_outbox (
    id          BIGSERIAL,
    event_id    UUID NOT NULL,
    topic       VARCHAR(255) NOT NULL,
    message_key VARCHAR(255),
    event_type  VARCHAR(255) NOT NULL,
    payload     JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_executor_outbox PRIMARY KEY (id),
    CONSTRAINT uq_executor_outbox_event_id UNIQUE (event_id)
);
