/**
 * One thing wrong with a value a caller gave, kept apart from how it is worded: the API names the field its
 * way (`Pin.origins[2]`), a form its own (`Origin 3`), and both add the same words after it.
 */
export interface Problem {
  /** The field at fault, by its name in the API or the options: `cid`, `origins`, `limit`, `gateways`. */
  field: string
  /** Which item of a list field is at fault, from 0: `origins[2]`. */
  index?: number
  /** Which key of a map field is at fault: `meta["app"]`. */
  key?: string
  /** What is wrong, worded to follow the field's name: `is not a valid CID: …`. */
  message: string
}
