import {FloatField, floatField} from "@web/views/fields/float/float_field";
import {registry} from "@web/core/registry";

/** A score as the explanations beside it write weights: a minus sign (−),
 * not a hyphen (-). */
export class SignedFloatField extends FloatField {
  get formattedValue() {
    return super.formattedValue.replace(/^-/, "\u2212");
  }
}

registry.category("fields").add("crm_similar_signed_float", {
  ...floatField,
  component: SignedFloatField,
});
