// Application command storage with the validation Discord applies to bulk overwrites,
// so a deploy script that would be rejected in production is rejected here too.

import { snowflake, type JsonObject } from './util.js'

export interface StoredCommand extends JsonObject {
  id: string;
  application_id: string;
  name: string;
  type: number;
  description: string;
  version: string;
}

export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

// Discord's documented name rule; the lowercase check is applied separately for chat input.
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u
const CHAT_INPUT = 1
const SUB_COMMAND = 1
const SUB_COMMAND_GROUP = 2

function checkName (value: unknown, lowercase: boolean, path: (string | number)[], errors: FieldError[]): void {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    errors.push({ path: [...path, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' })
  } else if (lowercase && value !== value.toLowerCase()) {
    errors.push({ path: [...path, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' })
  }
}

function checkDescription (value: unknown, path: (string | number)[], errors: FieldError[]): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > 100) {
    errors.push({
      path: [...path, 'description'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 100 in length.',
    })
  }
}

function checkOptions (options: unknown, path: (string | number)[], errors: FieldError[]): void {
  if (options === undefined || options === null) return
  if (!Array.isArray(options)) {
    errors.push({ path: [...path, 'options'], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' })
    return
  }
  if (options.length > 25) {
    errors.push({ path: [...path, 'options'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' })
  }
  const seen = new Set<string>()
  let optionalSeen = false
  options.forEach((raw: unknown, index) => {
    const option = (raw ?? {}) as JsonObject
    const optionPath = [...path, 'options', index]
    checkName(option['name'], true, optionPath, errors)
    checkDescription(option['description'], optionPath, errors)
    const name = String(option['name'])
    if (seen.has(name)) {
      errors.push({ path: [...optionPath, 'name'], code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option name already exists' })
    }
    seen.add(name)
    const type = option['type']
    if (typeof type !== 'number' || type < 1 || type > 11) {
      errors.push({ path: [...optionPath, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of 1..11.' })
    }
    if (type === SUB_COMMAND || type === SUB_COMMAND_GROUP) {
      checkOptions(option['options'], optionPath, errors)
      return
    }
    // Discord requires all required options to come before optional ones.
    if (option['required'] === true && optionalSeen) {
      errors.push({ path: [...optionPath, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' })
    }
    if (option['required'] !== true) optionalSeen = true
    const choices = option['choices']
    if (Array.isArray(choices) && choices.length > 25) {
      errors.push({ path: [...optionPath, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' })
    }
    if (Array.isArray(choices) && option['autocomplete'] === true) {
      errors.push({ path: [...optionPath, 'autocomplete'], code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', message: 'Autocomplete cannot be set on options with choices' })
    }
  })
}

/** Returns Discord's nested `errors` object, or null when the list is acceptable. */
export function validateCommands (commands: unknown): JsonObject | null {
  const errors: FieldError[] = []
  if (!Array.isArray(commands)) {
    errors.push({ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' })
  } else {
    if (commands.length > 100) {
      errors.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' })
    }
    const seen = new Set<string>()
    commands.forEach((raw: unknown, index) => errors.push(...validateCommand(raw, [index], seen)))
  }
  return errors.length ? nestErrors(errors) : null
}

export function validateCommand (raw: unknown, path: (string | number)[], seen = new Set<string>()): FieldError[] {
  const errors: FieldError[] = []
  const command = (raw ?? {}) as JsonObject
  const type = typeof command['type'] === 'number' ? command['type'] : CHAT_INPUT
  checkName(command['name'], type === CHAT_INPUT, path, errors)
  if (type === CHAT_INPUT) checkDescription(command['description'], path, errors)
  const key = `${type}:${String(command['name'])}`
  if (seen.has(key)) {
    errors.push({ path: [...path, 'name'], code: 'APPLICATION_COMMAND_ALREADY_EXISTS', message: 'Application command names must be unique' })
  }
  seen.add(key)
  checkOptions(command['options'], path, errors)
  return errors
}

export function nestErrors (errors: FieldError[]): JsonObject {
  const root: JsonObject = {}
  for (const error of errors) {
    let node = root
    for (const key of error.path) {
      const next = (node[String(key)] ??= {}) as JsonObject
      node = next
    }
    const list = (node['_errors'] ??= []) as JsonObject[]
    list.push({ code: error.code, message: error.message })
  }
  return root
}

/** Echoes a command back with the server-assigned fields, keeping ids stable across overwrites like Discord. */
export function storeCommand (raw: JsonObject, applicationId: string, guildId: string | null, existing: StoredCommand[]): StoredCommand {
  const type = typeof raw['type'] === 'number' ? raw['type'] : CHAT_INPUT
  const name = String(raw['name'])
  const previous = existing.find((command) => command.name === name && command.type === type)
  const stored: StoredCommand = {
    ...raw,
    id: previous?.id ?? snowflake(),
    application_id: applicationId,
    version: snowflake(),
    type,
    name,
    description: typeof raw['description'] === 'string' ? raw['description'] : '',
    default_member_permissions: raw['default_member_permissions'] ?? null,
    name_localizations: raw['name_localizations'] ?? null,
    description_localizations: raw['description_localizations'] ?? null,
    nsfw: raw['nsfw'] ?? false,
    integration_types: raw['integration_types'] ?? [0],
    contexts: raw['contexts'] ?? null,
  }
  if (guildId !== null) stored['guild_id'] = guildId
  return stored
}
