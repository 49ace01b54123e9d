// Discord's limits on what a bot may post, checked the way Discord checks them: a body over
// any limit is refused whole with 400 Invalid Form Body (50035), and nothing changes on screen.

import { nestErrors, type FieldError } from './commands.js'
import type { JsonObject } from './util.js'

/** Discord's documented message, embed, component and autocomplete limits. */
export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Title, description, field names and values, footer and author name of all embeds together. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const

type Path = (string | number)[]

function text (value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** A string field: too long, or empty when Discord requires something. */
function checkLength (value: unknown, max: number, path: Path, errors: FieldError[], required = false): number {
  const found = text(value)
  if (found === null || found.length === 0) {
    if (required) errors.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' })
    return 0
  }
  if (found.length > max) errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` })
  return found.length
}

function checkEmbed (embed: JsonObject, path: Path, errors: FieldError[]): number {
  let size = checkLength(embed['title'], MESSAGE_LIMITS.embedTitle, [...path, 'title'], errors)
  size += checkLength(embed['description'], MESSAGE_LIMITS.embedDescription, [...path, 'description'], errors)
  const footer = embed['footer'] as JsonObject | undefined
  if (footer !== undefined && footer !== null) size += checkLength(footer['text'], MESSAGE_LIMITS.footer, [...path, 'footer', 'text'], errors, true)
  const author = embed['author'] as JsonObject | undefined
  if (author !== undefined && author !== null) size += checkLength(author['name'], MESSAGE_LIMITS.authorName, [...path, 'author', 'name'], errors, true)
  const fields = Array.isArray(embed['fields']) ? (embed['fields'] as JsonObject[]) : []
  if (fields.length > MESSAGE_LIMITS.fields) {
    errors.push({ path: [...path, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MESSAGE_LIMITS.fields} or fewer in length.` })
  }
  fields.forEach((field, index) => {
    size += checkLength(field['name'], MESSAGE_LIMITS.fieldName, [...path, 'fields', index, 'name'], errors, true)
    size += checkLength(field['value'], MESSAGE_LIMITS.fieldValue, [...path, 'fields', index, 'value'], errors, true)
  })
  return size
}

function checkComponents (rows: JsonObject[], path: Path, errors: FieldError[]): void {
  if (rows.length > MESSAGE_LIMITS.actionRows) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MESSAGE_LIMITS.actionRows} or fewer in length.` })
  }
  rows.forEach((row, rowIndex) => {
    if (row['type'] !== 1) return
    const children = Array.isArray(row['components']) ? (row['components'] as JsonObject[]) : []
    if (children.length > MESSAGE_LIMITS.buttonsPerRow) {
      errors.push({ path: [...path, rowIndex, 'components'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MESSAGE_LIMITS.buttonsPerRow} or fewer in length.` })
    }
    children.forEach((child, index) => {
      const at = [...path, rowIndex, 'components', index]
      checkLength(child['custom_id'], MESSAGE_LIMITS.customId, [...at, 'custom_id'], errors)
      if (child['type'] === 2) checkLength(child['label'], MESSAGE_LIMITS.buttonLabel, [...at, 'label'], errors)
    })
  })
}

/** Errors in a message create or edit body, at the paths Discord reports them. */
function messageErrors (body: JsonObject, path: Path): FieldError[] {
  const errors: FieldError[] = []
  checkLength(body['content'], MESSAGE_LIMITS.content, [...path, 'content'], errors)
  const embeds = Array.isArray(body['embeds']) ? (body['embeds'] as JsonObject[]) : []
  if (embeds.length > MESSAGE_LIMITS.embeds) {
    errors.push({ path: [...path, 'embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MESSAGE_LIMITS.embeds} or fewer in length.` })
  }
  const size = embeds.reduce((sum, embed, index) => sum + checkEmbed(embed, [...path, 'embeds', index], errors), 0)
  if (size > MESSAGE_LIMITS.embedTotal) {
    errors.push({ path: [...path, 'embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedTotal}` })
  }
  if (Array.isArray(body['components'])) checkComponents(body['components'] as JsonObject[], [...path, 'components'], errors)
  return errors
}

function choiceErrors (choices: unknown, path: Path): FieldError[] {
  const errors: FieldError[] = []
  const list = Array.isArray(choices) ? (choices as JsonObject[]) : []
  if (list.length > MESSAGE_LIMITS.choices) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MESSAGE_LIMITS.choices} or fewer in length.` })
  }
  list.forEach((choice, index) => {
    checkLength(choice['name'], MESSAGE_LIMITS.choiceName, [...path, index, 'name'], errors, true)
    if (typeof choice['value'] === 'string') checkLength(choice['value'], MESSAGE_LIMITS.choiceValue, [...path, index, 'value'], errors)
  })
  return errors
}

function invalidFormBody (errors: FieldError[]): { status: number, body: JsonObject } | null {
  return errors.length === 0 ? null : { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: nestErrors(errors) } }
}

/** Discord's refusal of a message body (create or edit), or null when it is within every limit. */
export function refuseMessage (body: unknown): { status: number, body: JsonObject } | null {
  if (body === null || typeof body !== 'object') return null
  return invalidFormBody(messageErrors(body as JsonObject, []))
}

/** Discord's refusal of an interaction callback body, or null when it is within every limit. */
export function refuseCallback (callbackType: number, data: JsonObject | null): { status: number, body: JsonObject } | null {
  if (data === null) return null
  if (callbackType === 8) return invalidFormBody(choiceErrors(data['choices'], ['data', 'choices']))
  if (callbackType === 4 || callbackType === 7) return invalidFormBody(messageErrors(data, ['data']))
  return null
}
