package org.opmas.playbook.rendering;

/**
 * Why a playbook step is unsafe or invalid when it is saved.
 *
 * @param field path relative to the step, e.g. {@code action_config.command}
 * @param message what is wrong
 */
public record TemplateProblem(String field, String message) {
}
