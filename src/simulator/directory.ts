// Seeded organisation data: the roles and divisions a client's roleDivisions may refer to.
// The ids are fixed (docs/CONTRACTS.md) so tests and the demo can name them.
export const HOME_DIVISION_ID = "00000000-0000-4000-8000-000000000001";
export const ADMIN_ROLE_ID = "00000000-0000-4000-8000-0000000000a1";
export const EMPLOYEE_ROLE_ID = "00000000-0000-4000-8000-0000000000a2";
/** One role per oauth:client permission, so tests can give a client any subset of them. */
export const SINGLE_PERMISSION_ROLE_IDS = {
  "oauth:client:view": "00000000-0000-4000-8000-0000000000a3",
  "oauth:client:add": "00000000-0000-4000-8000-0000000000a4",
  "oauth:client:edit": "00000000-0000-4000-8000-0000000000a5",
  "oauth:client:delete": "00000000-0000-4000-8000-0000000000a6",
} as const;

export const Permission = {
  view: "oauth:client:view",
  add: "oauth:client:add",
  edit: "oauth:client:edit",
  delete: "oauth:client:delete",
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

interface Role {
  id: string;
  name: string;
  permissions: readonly Permission[];
}

const roles: ReadonlyMap<string, Role> = new Map(
  [
    { id: ADMIN_ROLE_ID, name: "OAuth Client Admin", permissions: Object.values(Permission) },
    { id: EMPLOYEE_ROLE_ID, name: "Employee", permissions: [] },
    ...Object.values(Permission).map((permission) => ({ id: SINGLE_PERMISSION_ROLE_IDS[permission], name: `Only ${permission}`, permissions: [permission] })),
  ].map((role) => [role.id, role]),
);

const divisions: ReadonlySet<string> = new Set([HOME_DIVISION_ID]);
/** A roleDivision's divisionId "*" grants the role in every division (the official provider accepts it). */
export const ALL_DIVISIONS = "*";

/** Every seeded role id: the seeded admin holds them all, so it may assign any of them (it must hold what it assigns). */
export const ALL_ROLE_IDS: readonly string[] = [...roles.keys()];

export function roleExists(roleId: string): boolean {
  return roles.has(roleId);
}

export function roleName(roleId: string): string {
  return roles.get(roleId)?.name ?? roleId;
}

export function divisionExists(divisionId: string): boolean {
  return divisionId === ALL_DIVISIONS || divisions.has(divisionId);
}

export function permissionsOfRoles(roleIds: Iterable<string>): Set<Permission> {
  const granted = new Set<Permission>();
  for (const roleId of roleIds) {
    for (const permission of roles.get(roleId)?.permissions ?? []) granted.add(permission);
  }
  return granted;
}
