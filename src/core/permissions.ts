// The permissions the shim needs, in AWS and in Genesys Cloud, and which step needs each: the one source for the
// module's IAM policy outputs (scripts/gen-permissions.mjs writes terraform/modules/oauth-clients/permissions.json),
// the permission tables in the READMEs, and the tests that remove one permission at a time.

export interface Needed {
  /** "secretsmanager:PutSecretValue", "kms:Decrypt", "oauth:client:add" */
  name: string;
  /** The steps (as their errors name them) that call it. */
  steps: string[];
}

/** Secrets Manager actions the shim calls, all on its own secret. */
export const SHIM_SECRETS_MANAGER_ACTIONS: readonly Needed[] = [
  { name: "secretsmanager:DescribeSecret", steps: ["observe", "take write lease", "delete"] },
  {
    name: "secretsmanager:GetSecretValue",
    steps: [
      "test client secret (after every write)",
      "observe (only after an interrupted run)",
      "remove AWSPREVIOUS label (alternating: is it the standby's?)",
    ],
  },
  { name: "secretsmanager:CreateSecret", steps: ["claim secret name"] },
  { name: "secretsmanager:PutSecretValue", steps: ["store client secret"] },
  {
    name: "secretsmanager:UpdateSecretVersionStage",
    steps: [
      "store client secret (compare-and-swap of AWSCURRENT; takes AWSPREVIOUS off the replaced version)",
      "remove AWSPREVIOUS label, create / delete standby OAuth client",
    ],
  },
  { name: "secretsmanager:TagResource", steps: ["claim secret name", "take write lease", "tag secret", "delete (write lease)"] },
  { name: "secretsmanager:UntagResource", steps: ["tag secret", "release write lease"] },
  { name: "secretsmanager:UpdateSecret", steps: ["set secret KMS key"] },
  { name: "secretsmanager:RestoreSecret", steps: ["restore secret"] },
  { name: "secretsmanager:DeleteSecret", steps: ["rollback", "delete"] },
];

/** With kms_key_id: what Secrets Manager does with the key on the caller's behalf. */
export const SHIM_KMS_ACTIONS: readonly Needed[] = [
  { name: "kms:GenerateDataKey", steps: ["store client secret", "set secret KMS key"] },
  {
    name: "kms:Decrypt",
    steps: ["test client secret (after every write)", "observe (only after an interrupted run)", "store client secret", "set secret KMS key"],
  },
];

/** Applications that read the secret. */
export const CONSUMER_SECRETS_MANAGER_ACTIONS: readonly Needed[] = [{ name: "secretsmanager:GetSecretValue", steps: ["read the client secret"] }];
export const CONSUMER_KMS_ACTIONS: readonly Needed[] = [{ name: "kms:Decrypt", steps: ["read the client secret"] }];

/** The roles of the OAuth client in GENESYSCLOUD_OAUTHCLIENT_ID (or the token's user) must grant these. */
export const GENESYS_PERMISSIONS: readonly Needed[] = [
  { name: "oauth:client:view", steps: ["observe", "create OAuth client (after an ambiguous failure)", "delete"] },
  { name: "oauth:client:add", steps: ["create OAuth client"] },
  { name: "oauth:client:edit", steps: ["update OAuth client", "regenerate client secret", "delete (deactivate first)", "rollback"] },
  { name: "oauth:client:delete", steps: ["delete", "rollback"] },
];

/** What the module reads (permissions.json): action lists only, the steps are for people. */
export function permissionsDocument(): Record<string, string[]> {
  const names = (list: readonly Needed[]) => list.map((n) => n.name);
  return {
    shim_secretsmanager_actions: names(SHIM_SECRETS_MANAGER_ACTIONS),
    shim_kms_actions: names(SHIM_KMS_ACTIONS),
    consumer_secretsmanager_actions: names(CONSUMER_SECRETS_MANAGER_ACTIONS),
    consumer_kms_actions: names(CONSUMER_KMS_ACTIONS),
    genesys_permissions: names(GENESYS_PERMISSIONS),
  };
}

/** The markdown table the READMEs carry between their permission markers. */
export function permissionsTable(): string {
  const groups: Array<[string, readonly Needed[]]> = [
    ["AWS (shim)", SHIM_SECRETS_MANAGER_ACTIONS],
    ["AWS (shim), with `kms_key_id`", SHIM_KMS_ACTIONS],
    ["Genesys Cloud (the shim's OAuth client)", GENESYS_PERMISSIONS],
    ["AWS (applications reading the secret)", CONSUMER_SECRETS_MANAGER_ACTIONS],
    ["AWS (applications), with `kms_key_id`", CONSUMER_KMS_ACTIONS],
  ];
  const rows = groups.flatMap(([where, list]) => list.map((n) => `| ${where} | \`${n.name}\` | ${n.steps.join(", ")} |`));
  return ["| where | permission | needed by |", "|---|---|---|", ...rows].join("\n");
}
