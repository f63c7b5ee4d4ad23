#!/usr/bin/env node
// Validates every Kubernetes object under a folder against Kubernetes' (and Istio's) schemas.
//   node validate.mjs DIR
// Each *.yaml may hold several documents. A document's apiVersion/kind picks its model class from
// kubernetes-models (core and built-in groups) or @kubernetes-models/istio (*.istio.io groups); a kind
// neither package knows is an error, so nothing passes unchecked. kustomization.yaml files are not
// objects: their listed files must exist. Exits 1 on any error, 2 on bad usage.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import yaml from "js-yaml";

const KUSTOMIZATION_FILES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);
// apiVersion is "v1" or "group/version"; both parts become module path segments, so they are checked first.
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

async function* yamlFiles(dir) {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") {
        yield* yamlFiles(full);
      }
    } else if (/\.ya?ml$/.test(entry.name) || entry.name === "Kustomization") {
      yield full;
    }
  }
}

function modulePathFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const base = group.endsWith(".istio.io") ? "@kubernetes-models/istio" : "kubernetes-models";
  // The packages' export maps add the ".js": "kubernetes-models/apps/v1/*" maps to "./apps/v1/*.js".
  return `${base}/${apiVersion}/${kind}`;
}

const modelCache = new Map();

async function loadModel(apiVersion, kind) {
  const specifier = modulePathFor(apiVersion, kind);
  if (!modelCache.has(specifier)) {
    modelCache.set(
      specifier,
      import(specifier).then(
        (module) => module[kind] ?? null,
        (error) => {
          if (error?.code === "ERR_MODULE_NOT_FOUND" || error?.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
            return null;
          }
          throw error;
        },
      ),
    );
  }
  return modelCache.get(specifier);
}

async function checkKustomization(label, file, document, root) {
  const errors = [];
  if (document === null || typeof document !== "object") {
    return [`${label}: a kustomization must be a mapping`];
  }
  for (const field of ["resources", "components", "patchesStrategicMerge"]) {
    for (const entry of document[field] ?? []) {
      if (typeof entry !== "string") {
        errors.push(`${label}: ${field} entries must be strings`);
        continue;
      }
      if (/^[a-z]+:\/\//.test(entry)) {
        errors.push(`${label}: ${field} entry '${entry}' is remote; only local files are allowed`);
        continue;
      }
      const target = path.resolve(path.dirname(file), entry);
      if (!target.startsWith(root + path.sep) && target !== root) {
        errors.push(`${label}: ${field} entry '${entry}' points outside ${root}`);
        continue;
      }
      try {
        await stat(target);
      } catch {
        errors.push(`${label}: ${field} entry '${entry}' does not exist`);
      }
    }
  }
  return errors;
}

async function validateObject(label, document) {
  const { apiVersion, kind } = document ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [`${label}: a Kubernetes object needs apiVersion and kind`];
  }
  if (!API_VERSION.test(apiVersion) || !KIND.test(kind)) {
    return [`${label}: malformed apiVersion '${apiVersion}' or kind '${kind}'`];
  }
  const Model = await loadModel(apiVersion, kind);
  if (Model === null) {
    return [`${label}: unknown kind ${apiVersion}/${kind} (neither kubernetes-models nor @kubernetes-models/istio has it)`];
  }
  try {
    new Model(document).validate();
    return [];
  } catch (error) {
    const details = Array.isArray(error?.errors)
      ? error.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")
      : error?.message ?? String(error);
    return [`${label} (${apiVersion}/${kind}): ${details}`];
  }
}

async function main(argv) {
  if (argv.length !== 1) {
    console.error("usage: node validate.mjs DIR");
    return 2;
  }
  const root = path.resolve(argv[0]);
  try {
    if (!(await stat(root)).isDirectory()) {
      throw new Error("not a directory");
    }
  } catch {
    console.error(`error: '${argv[0]}' is not a directory`);
    return 2;
  }

  const errors = [];
  let files = 0;
  let objects = 0;
  for await (const file of yamlFiles(root)) {
    files++;
    const relative = path.relative(root, file);
    let documents;
    try {
      documents = yaml.loadAll(await readFile(file, "utf8"));
    } catch (error) {
      errors.push(`${relative}: not valid YAML: ${error.message}`);
      continue;
    }
    if (KUSTOMIZATION_FILES.has(path.basename(file))) {
      errors.push(...(await checkKustomization(relative, file, documents[0], root)));
      continue;
    }
    const present = documents.filter((d) => d !== null && d !== undefined);
    if (present.length === 0) {
      errors.push(`${relative}: holds no Kubernetes object`);
    }
    for (const [index, document] of present.entries()) {
      objects++;
      const label = present.length > 1 ? `${relative}#${index + 1}` : relative;
      errors.push(...(await validateObject(label, document)));
    }
  }

  if (files === 0) {
    errors.push(`no *.yaml files under ${argv[0]}`);
  }
  for (const error of errors) {
    console.error(`error: ${error}`);
  }
  console.log(`${files} files, ${objects} objects, ${errors.length} errors`);
  return errors.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
