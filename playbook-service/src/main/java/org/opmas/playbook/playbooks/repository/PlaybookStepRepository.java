package org.opmas.playbook.playbooks.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.playbook.playbooks.PlaybookStep;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PlaybookStepRepository implements PanacheRepositoryBase<PlaybookStep, Integer> {

    public Uni<List<PlaybookStep>> ofPlaybook(int playbookId) {
        return list("playbookId = ?1 order by stepNumber", playbookId);
    }

    public Uni<PlaybookStep> findInPlaybook(int playbookId, int stepId) {
        return find("id = ?1 and playbookId = ?2", stepId, playbookId).firstResult();
    }

    /**
     * Moves every step of the playbook out of the way (step_number + offset) so the new numbers can
     * be written one by one without tripping the unique (playbook_id, step_number) constraint,
     * which is not deferrable. Runs in the caller's transaction.
     */
    public Uni<Integer> shiftAll(int playbookId, int offset) {
        return update("stepNumber = stepNumber + ?1 where playbookId = ?2", offset, playbookId);
    }

    public Uni<Integer> renumber(int stepId, int stepNumber) {
        return update("stepNumber = ?1 where id = ?2", stepNumber, stepId);
    }
}
