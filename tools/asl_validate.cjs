#!/usr/bin/env node
// Validates many Amazon States Language definitions in one process with the
// pinned asl-validator library (one launch per batch: node start-up dominates).
//
// Usage: node tools/asl_validate.cjs BATCH.json
//   BATCH.json: [{"name": "...", "definition": <object or JSON text>}, ...]
// Prints one JSON array on stdout: [{"name", "valid", "errors": [{"code", "message"}]}]
// Exit status: 0 when the batch was processed (valid or not), 2 on a usage or
// tool error. The caller decides from the report, not from the exit status.
//
// The library is used instead of the CLI because the 4.0.0 CLI ignores
// --no-arn-check/--no-path-check and mishandles exit codes for several inputs.
"use strict";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const moduleDir = path.join(root, ".tools", "node", "node_modules", "asl-validator");

function fail(message) {
  process.stderr.write(`asl_validate: ${message}\n`);
  process.exit(2);
}

let validator;
try {
  validator = require(moduleDir);
} catch (e) {
  fail(`asl-validator is not installed under .tools/node (run tools/install): ${e.message}`);
}

// CloudFormation pseudo parameters are not valid inside an ARN for the
// validator's Resource pattern; AWS substitutes them before validating, so we
// put in the sample values AWS would.
const SAMPLE_VALUES = {
  "${AWS::Partition}": "aws",
  "${AWS::Region}": "us-east-1",
  "${AWS::AccountId}": "123456789012",
  "${AWS::URLSuffix}": "amazonaws.com",
};

function substitute(value) {
  if (typeof value === "string") {
    let out = value;
    for (const [token, sample] of Object.entries(SAMPLE_VALUES)) {
      out = out.split(token).join(sample);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map(substitute);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[substitute(k)] = substitute(v);
    return out;
  }
  return value;
}

// The transition targets the machine really has: StartAt, Next, Choice
// Default and Choices[].Next, Catch[].Next, in every nested scope. Needed because
// the validator collects targets with `$..[StartAt,Next,Default]`, which also
// picks up payload keys of that name inside Parameters, Payload or Item.
function realTargets(machine, into = new Set()) {
  if (!machine || typeof machine !== "object") return into;
  if (typeof machine.StartAt === "string") into.add(machine.StartAt);
  const states = machine.States && typeof machine.States === "object" ? machine.States : {};
  for (const state of Object.values(states)) {
    if (!state || typeof state !== "object") continue;
    if (typeof state.Next === "string") into.add(state.Next);
    if (typeof state.Default === "string") into.add(state.Default);
    for (const rule of Array.isArray(state.Choices) ? state.Choices : []) {
      if (rule && typeof rule.Next === "string") into.add(rule.Next);
    }
    for (const c of Array.isArray(state.Catch) ? state.Catch : []) {
      if (c && typeof c.Next === "string") into.add(c.Next);
    }
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      realTargets(branch, into);
    }
    if (state.ItemProcessor) realTargets(state.ItemProcessor, into);
    if (state.Iterator) realTargets(state.Iterator, into);
  }
  return into;
}

const MISSING_TARGET_PREFIX = "Missing 'StartAt'|'Next'|'Default' target: ";

function validateOne(item) {
  let definition = item.definition;
  if (typeof definition === "string") {
    try {
      definition = JSON.parse(definition);
    } catch (e) {
      return { valid: false, errors: [{ code: "INVALID_JSON", message: e.message }] };
    }
  }
  if (!definition || typeof definition !== "object" || Array.isArray(definition)) {
    return { valid: false, errors: [{ code: "INVALID_JSON", message: "definition is not a JSON object" }] };
  }
  // substitute() builds a fresh copy, which also protects the caller's data
  // from the validator's habit of adding QueryLanguage to every state.
  const copy = substitute(definition);
  const targets = realTargets(copy);
  const result = validator(copy, { checkArn: true, checkPaths: true });
  const errors = (result.errors || [])
    .map((e) => ({ code: e["Error code"], message: e.Message }))
    .filter((e) => {
      if (e.code !== "MISSING_TRANSITION_TARGET" || !e.message.startsWith(MISSING_TARGET_PREFIX)) return true;
      // Drop only the false positives from payload keys; a dangling real
      // target is still reported.
      return targets.has(e.message.slice(MISSING_TARGET_PREFIX.length));
    });
  return { valid: errors.length === 0, errors };
}

function main() {
  const [batchFile] = process.argv.slice(2);
  if (!batchFile) fail("usage: asl_validate.cjs BATCH.json");
  let batch;
  try {
    batch = JSON.parse(fs.readFileSync(batchFile, "utf8"));
  } catch (e) {
    fail(`cannot read ${batchFile}: ${e.message}`);
  }
  if (!Array.isArray(batch)) fail("the batch must be a JSON array");
  const report = batch.map((item) => {
    let outcome;
    try {
      outcome = validateOne(item);
    } catch (e) {
      outcome = { valid: false, errors: [{ code: "VALIDATOR_CRASHED", message: String(e && e.stack || e) }] };
    }
    return { name: String(item.name), ...outcome };
  });
  process.stdout.write(JSON.stringify(report));
  process.stdout.write("\n");
}

main();
