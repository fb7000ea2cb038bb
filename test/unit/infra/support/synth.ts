import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PaymentsStack, type PaymentsStackProps } from '../../../../infra/payments-stack.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The context of cdk.json (the feature flags), so tests synthesize what `cdk synth` does. */
export function projectContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(repositoryRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** An app carrying the project's context. */
export function projectApp(): App {
  return new App({ context: projectContext() });
}

export type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; DependsOn?: string[] }
>;

/** A payments stack in an app with the project's context, and its template. */
export function synthPaymentsStack(props: PaymentsStackProps = {}): { stack: PaymentsStack; template: Template } {
  const stack = new PaymentsStack(projectApp(), 'PaymentsUnderTest', props);
  return { stack, template: Template.fromStack(stack) };
}

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/**
 * The bundled code (index.mjs) of the function described as `description`, as synth wrote it:
 * what `cdk deploy` would upload.
 */
export function bundledCodeOf(stack: PaymentsStack, template: Template, description: string): string {
  const fn = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((f) => f.Properties?.Description === description);
  const key = (fn?.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key;
  if (typeof key !== 'string') throw new Error(`no bundled asset for ${description}`);
  const assembly = Stage.of(stack)?.synth();
  if (assembly === undefined) throw new Error('the stack is not in an app');
  return readFileSync(path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
}
