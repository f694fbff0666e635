-- userIdentity decoding: one record per identity type CloudTrail writes,
-- plus an absent identity and a type AWS has not documented yet.
\set VERBOSITY default
\set SHOW_CONTEXT always
SET timezone = 'UTC';
CREATE TEMP TABLE ids(n int, identity text);
INSERT INTO ids VALUES
 (1, '{"type":"Root","principalId":"123456789012","arn":"arn:aws:iam::123456789012:root","accountId":"123456789012","accessKeyId":"ASIAROOTCONSOLE","sessionContext":{"attributes":{"creationDate":"2024-05-01T08:00:00Z","mfaAuthenticated":"true"}}}'),
 (2, '{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012","accessKeyId":"AKIAEXAMPLE","userName":"alice"}'),
 (3, '{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/bob","accountId":"123456789012","accessKeyId":"ASIAGETSESSIONTOKEN","userName":"bob"}'),
 (4, '{"type":"AssumedRole","principalId":"AROAEXAMPLE:build-7","arn":"arn:aws:sts::123456789012:assumed-role/ci/build-7","accountId":"123456789012","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sourceIdentity":"dev@example.com","ec2RoleDelivery":"2.0","sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/ci","accountId":"123456789012","userName":"ci"},"attributes":{"creationDate":"2024-05-01T06:00:00Z","mfaAuthenticated":"false"}}}'),
 (5, '{"type":"FederatedUser","principalId":"123456789012:dana","arn":"arn:aws:sts::123456789012:federated-user/dana","accountId":"123456789012","accessKeyId":"ASIAFEDERATED","sessionContext":{"sessionIssuer":{"type":"IAMUser","principalId":"AIDAISSUER","arn":"arn:aws:iam::123456789012:user/broker","accountId":"123456789012","userName":"broker"},"attributes":{"creationDate":"2024-05-01T07:00:00Z","mfaAuthenticated":"false"}}}'),
 (6, '{"type":"AWSService","invokedBy":"iotanalytics.amazonaws.com"}'),
 (7, '{"type":"AWSAccount","principalId":"AIDAOTHER","accountId":"210987654321"}'),
 (8, '{"type":"IdentityCenterUser","accountId":"123456789012","onBehalfOf":{"userId":"u-1","identityStoreArn":"arn:aws:identitystore::123456789012:identitystore/d-1"},"credentialId":"c-1"}'),
 (9, '{"type":"SAMLUser","principalId":"SAMPLE:erin","userName":"erin","identityProvider":"https://idp.example.com/saml"}'),
 (10, '{"type":"WebIdentityUser","principalId":"accounts.google.com:app:user-1","userName":"user-1","identityProvider":"accounts.google.com"}'),
 (11, '{"type":"AssumedRole","principalId":"AROAWEB:web","arn":"arn:aws:sts::123456789012:assumed-role/web/web","accountId":"123456789012","accessKeyId":"ASIAWEB","sessionContext":{"webIdFederationData":{"federatedProvider":"cognito-identity.amazonaws.com","attributes":{}},"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::123456789012:role/web"}}}'),
 (12, '{"type":"Directory","principalId":"d-1","accountId":"123456789012","userName":"José Müller 東京"}'),
 (13, '{"type":"Unknown","principalId":"","accountId":"123456789012","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"}'),
 (14, '{"accountId":"123456789012","invokedBy":"AWS Internal"}'),
 (15, '{"type":"SomethingNew","principalId":"x"}'),
 (16, NULL);

CREATE TEMP TABLE decoded AS
SELECT n, e.*
FROM ids, iotatrail.parse_events(
    '{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","eventName":"ListChannels"'
    || coalesce(',"userIdentity":' || identity, '') || '}') e;

SELECT n, identity_type, identity_kind, temporary_credentials AS temp, mfa_authenticated AS mfa,
       user_name, session_name, invoked_by, identity_provider
FROM decoded ORDER BY n;

SELECT n, principal_id, account_id, access_key_id, session_created_at, session_issuer_type,
       session_issuer_arn, session_issuer_user_name, session_issuer_account_id, source_identity
FROM decoded WHERE session_issuer_type IS NOT NULL OR session_created_at IS NOT NULL ORDER BY n;

-- the raw object is kept whole, including keys without a column
SELECT user_identity->'onBehalfOf'->>'userId' AS on_behalf_of FROM decoded WHERE n = 8;

-- a wrong JSON type inside userIdentity is a bad record naming the path
SELECT count(*) FROM iotatrail.parse_events('{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","userIdentity":{"type":"IAMUser","userName":["x"]}}');
SELECT count(*) FROM iotatrail.parse_events('{"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z","eventSource":"iotanalytics.amazonaws.com","userIdentity":{"type":"Root","sessionContext":{"attributes":{"mfaAuthenticated":7}}}}');
