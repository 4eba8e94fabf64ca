package io.rangefinder.app.explorer;

import io.rangefinder.app.common.Confirmation;
import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.core.Units;
import io.rangefinder.storage.ContainerNames;
import io.rangefinder.storage.PutOptions;
import io.rangefinder.storage.StorageException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * The explorer's edits of the store, each asked first over the window: delete the selection
 * (counted in the background so the question says how many objects and bytes go), new and deleted
 * containers, new folders. Results land in the explorer's view model it belongs to.
 */
final class ListingEdits {

    private final ExplorerViewModel vm;
    private final TaskExecutor executor;

    ListingEdits(ExplorerViewModel vm, TaskExecutor executor) {
        this.vm = vm;
        this.executor = executor;
    }

    // ---- delete ----

    /**
     * Asks before deleting: one object is named; folders and multiple rows are first counted (a
     * recursive listing in the background) so the question says how many objects and bytes go.
     */
    void requestDelete(List<ExplorerEntry> selection) {
        Location at = vm.getLocation();
        if (selection.isEmpty() || at == null) {
            return;
        }
        if (at.isRoot()) {
            requestDeleteContainers(selection);
            return;
        }
        List<ExplorerEntry> chosen = List.copyOf(selection);
        if (chosen.size() == 1 && chosen.getFirst().kind() == ExplorerEntry.Kind.OBJECT) {
            ExplorerEntry e = chosen.getFirst();
            DeletePlan plan = DeletePlan.ofObject(e);
            vm.ask(new Confirmation("Delete “" + e.name() + "”?",
                    e.name() + " (" + Units.formatSize(e.size()) + ") will be deleted from " + at.toUri(vm.scheme(), vm.account())
                            + ". This cannot be undone.",
                    "Delete", true, null, _ -> delete(vm.store(), at, plan)));
            return;
        }
        vm.setStatus("Counting what would be deleted…");
        StoreHandle h = vm.store();
        executor.submit(progress -> DeletePlan.of(h.get(), at.container(), chosen, progress.token()),
                plan -> {
                    vm.updateCountStatus();
                    String what = chosen.size() == 1 ? "“" + chosen.getFirst().name() + "”" : ExplorerViewModel.itemCount(chosen.size());
                    vm.ask(new Confirmation("Delete " + what + "?",
                            String.format(Locale.ROOT, "%,d %s, %s in total, will be deleted from %s. This cannot be undone.",
                                    plan.objects().size(), plan.objects().size() == 1 ? "object" : "objects",
                                    Units.formatSize(plan.bytes()), vm.address(at)),
                            "Delete", true, null, _ -> delete(h, at, plan)));
                },
                failure -> vm.showError(ErrorReport.of("Could not count what is in the selection", failure)));
    }

    private void delete(StoreHandle store, Location at, DeletePlan plan) {
        vm.setStatus("Deleting " + ExplorerViewModel.itemCount(plan.objects().size()) + "…");
        executor.submit(progress -> plan.execute(store.get(), at.container(), progress.token()), _ -> vm.refresh(), failure -> {
            vm.showError(ErrorReport.of("Could not delete everything selected", failure));
            vm.refresh();
        });
    }

    // ---- containers ----


    /** At the root: asks for the name of a new bucket (container). */
    void requestCreateContainer() {
        Location at = vm.getLocation();
        if (at == null || !at.isRoot()) {
            vm.showError(ErrorReport.plain("New " + vm.containerWord() + "s are created at the top, where all of them are listed."));
            return;
        }
        String word = vm.containerWord();
        vm.ask(new Confirmation("New " + word, "Name of the new " + word + " in " + vm.address(at),
                "Create", false, "", this::createContainer));
    }

    void createContainer(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            vm.showError(ErrorReport.plain("A " + vm.containerWord() + " needs a name"));
            return;
        }
        try {
            ContainerNames.check(vm.scheme(), n); // the store's naming rules, as a readable message
        } catch (StorageException.InvalidArgument e) {
            vm.showError(ErrorReport.plain(ExplorerViewModel.capitalize(e.getMessage())));
            return;
        }
        StoreHandle h = vm.store();
        vm.setStatus("Creating " + vm.containerWord() + " " + n + "…");
        executor.submit(_ -> {
                    h.get().createContainer(n);
                    return n;
                }, _ -> vm.refresh(),
                failure -> {
                    vm.updateCountStatus();
                    vm.showError(ErrorReport.of("Could not create " + vm.containerWord() + " " + n, failure));
                });
    }

    private void requestDeleteContainers(List<ExplorerEntry> selection) {
        List<String> names = selection.stream().filter(e -> e.kind() == ExplorerEntry.Kind.CONTAINER)
                .map(ExplorerEntry::name).toList();
        if (names.isEmpty()) {
            return;
        }
        String word = vm.containerWord();
        String what = names.size() == 1 ? word + " “" + names.getFirst() + "”" : names.size() + " " + word + "s";
        StoreHandle h = vm.store();
        vm.ask(new Confirmation("Delete " + what + "?",
                "Only empty " + word + "s can be deleted; " + String.join(", ", names) + " will be removed from "
                        + vm.address(Location.ROOT) + ". This cannot be undone.",
                "Delete", true, null, _ -> executor.submit(_ -> {
                    for (String n : names) {
                        h.get().deleteContainer(n);
                    }
                    return names.size();
                }, _ -> vm.refresh(), failure -> {
                    vm.showError(ErrorReport.of("Could not delete " + what, failure));
                    vm.refresh();
                })));
    }

    // ---- create folder ----

    /** Asks for a name, then creates "name/" (a zero-byte marker; FileStore makes it a directory). */
    void requestCreateFolder() {
        Location at = vm.getLocation();
        if (at == null || at.isRoot()) {
            vm.showError(ErrorReport.plain("Open a container first; new folders go inside one."));
            return;
        }
        vm.ask(new Confirmation("New folder", "Name of the new folder in " + vm.address(at),
                "Create", false, "", this::createFolder));
    }

    void createFolder(String name) {
        Location at = vm.getLocation();
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.contains("/") || n.equals(".") || n.equals("..")) {
            vm.showError(ErrorReport.plain("A folder name must not be empty, “.”, “..” or contain “/”: “" + n + "”"));
            return;
        }
        String key = at.prefix() + n + "/";
        StoreHandle h = vm.store();
        executor.submit(_ -> h.get().put(at.container(), key, InputStream.nullInputStream(), 0, PutOptions.DEFAULT),
                _ -> vm.refresh(),
                failure -> vm.showError(ErrorReport.of("Could not create folder " + n, failure)));
    }
}
