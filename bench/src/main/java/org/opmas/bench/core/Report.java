package org.opmas.bench.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** What a scenario hands back: tables for people, one JSON object for the results file. */
public final class Report {

    private final List<Table> tables = new ArrayList<>();
    private final ObjectNode json;

    public Report(ObjectNode json) {
        this.json = json;
    }

    public Table table(Table table) {
        tables.add(table);
        return table;
    }

    public ObjectNode json() {
        return json;
    }

    public List<Table> tables() {
        return tables;
    }
}
