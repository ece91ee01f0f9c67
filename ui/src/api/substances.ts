// The substance registry: its entries (all, or those the PRC has not controlled: the
// core's rule), adding and editing one (the core's operations; a wrong value is refused
// naming its field, e.g. `cas` for a wrong check digit).

import {
  commands,
  type SubstanceClass,
  type SubstanceDraft_Serialize,
  type Substance_Serialize,
  type UnTable,
} from '../bindings/bindings';
import { unwrap } from './result';

export type { SubstanceClass, UnTable };
/** An entry as the core sends it. */
export type Substance = Substance_Serialize;
/** The form's values, every one given (empty for none). */
export type SubstanceDraft = SubstanceDraft_Serialize;

export const loadSubstances = (notControlledByPrc: boolean) => unwrap(commands.substances(notControlledByPrc));
export const addSubstance = (input: SubstanceDraft) => unwrap(commands.addSubstance(input));
export const editSubstance = (input: SubstanceDraft) => unwrap(commands.editSubstance(input));

/** The form's values of a registered entry (none as empty). */
export function draftOf(s: Substance): SubstanceDraft {
  return {
    cas: s.cas,
    name: s.name,
    name_zh: s.name_zh ?? '',
    class: s.class ?? '',
    us_control: s.us_control ?? '',
    prc_control: s.prc_control ?? '',
    prc_controlled_on: s.prc_controlled_on ?? '',
    un_table: s.un_table ?? '',
    source: s.source ?? '',
  };
}

export const BLANK_SUBSTANCE: SubstanceDraft = {
  cas: '',
  name: '',
  name_zh: '',
  class: '',
  us_control: '',
  prc_control: '',
  prc_controlled_on: '',
  un_table: '',
  source: '',
};
