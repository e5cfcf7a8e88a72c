// The resident statuses, in the order of the wire's residents object.
export const statuses = ["normal", "fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"];

/** Statuses a supervisor must follow up; shown in the alarm colour. */
export const findings = new Set(["fever", "suspected", "confirmed"]);
