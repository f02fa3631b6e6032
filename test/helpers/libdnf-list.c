/*
 * What libdnf offers from a set of .repo files, through the DnfContext path rpm-ostree takes
 * (coreos/rpm-ostree src/libpriv/rpmostree-core.cxx: dnf_context_new, set the install root, repo,
 * cache, solv and lock dirs, dnf_context_setup, then dnf_context_setup_sack_with_flags, which
 * loads every enabled repo and applies includepkgs/excludepkgs in process_excludes).
 *
 * Usage: libdnf-list ROOT REPOSDIR CACHEDIR RELEASEVER ARCH [NAME]
 * Prints one line per package the sack considers available, "<repo id>\t<NEVRA>", sorted by the
 * caller; with NAME, instead resolves installing NAME (libsolv applies repo priorities and costs,
 * as for `rpm-ostree install NAME`) and prints what the goal installs, same format. Exits 1 with
 * the GLib error (or the goal's problem count) on stderr when that fails.
 *
 * With LIBDNF_LIST_LOCK_BASE=1 in the environment, the sack also loads ROOT's rpm database (the
 * installed base) and, for NAME, every installed package is locked in the goal (hy_goal_lock, as
 * rpm-ostree locks the base: FACTS §10), so the goal fails rather than replace a base package.
 * Either way the sack setup time goes to stderr ("sack-setup-ms N"), for bench/durable.
 */
#include <libdnf/libdnf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, GError *error) {
    fprintf(stderr, "%s: %s\n", what, error != NULL ? error->message : "unknown error");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 6 && argc != 7) {
        fprintf(stderr, "usage: %s ROOT REPOSDIR CACHEDIR RELEASEVER ARCH [NAME]\n", argv[0]);
        return 2;
    }
    const char *root = argv[1], *reposdir = argv[2], *cachedir = argv[3];
    g_autoptr(GError) error = NULL;
    g_autofree char *solv = g_build_filename(cachedir, "solv", NULL);
    g_autofree char *lock = g_build_filename(cachedir, "lock", NULL);
    g_autofree char *conf = g_build_filename(cachedir, "dnf.conf", NULL);
    g_autofree char *vars = g_build_filename(cachedir, "vars", NULL);
    /* An empty main config: nothing of the machine's /etc/dnf may change what is offered. */
    if (!g_file_set_contents(conf, "[main]\n", -1, &error)) return fail("writing dnf.conf", error);
    dnf_context_set_config_file_path(conf);
    dnf_context_set_plugins_all_disabled(TRUE);

    DnfContext *ctx = dnf_context_new();
    dnf_context_set_install_root(ctx, root);
    dnf_context_set_repo_dir(ctx, reposdir);
    dnf_context_set_vars_dir(ctx, (const gchar *const[]){vars, NULL});
    dnf_context_set_cache_dir(ctx, cachedir);
    dnf_context_set_solv_dir(ctx, solv);
    dnf_context_set_lock_dir(ctx, lock);
    dnf_context_set_release_ver(ctx, argv[4]);
    dnf_context_set_arch(ctx, argv[5]);
    dnf_context_set_check_disk_space(ctx, FALSE);
    dnf_context_set_check_transaction(ctx, FALSE);
    if (!dnf_context_setup(ctx, NULL, &error)) return fail("dnf_context_setup", error);

    const char *lock_env = getenv("LIBDNF_LIST_LOCK_BASE");
    const gboolean lock_base = lock_env != NULL && strcmp(lock_env, "1") == 0;
    g_autoptr(DnfState) state = dnf_state_new();
    /* rpm-ostree builds its sack without the host rpmdb (the base comes from the commit); in lock
     * mode ROOT's rpmdb stands for that base. */
    gint64 started = g_get_monotonic_time();
    if (!dnf_context_setup_sack_with_flags(
            ctx, state, lock_base ? DNF_CONTEXT_SETUP_SACK_FLAG_NONE : DNF_CONTEXT_SETUP_SACK_FLAG_SKIP_RPMDB, &error))
        return fail("dnf_context_setup_sack", error);
    fprintf(stderr, "sack-setup-ms %lld\n", (long long)((g_get_monotonic_time() - started) / 1000));

    DnfSack *sack = dnf_context_get_sack(ctx);
    if (argc == 7) {
        HyGoal goal = hy_goal_create(sack);
        if (lock_base) {
            HyQuery installed = hy_query_create(sack);
            hy_query_filter(installed, HY_PKG_REPONAME, HY_EQ, HY_SYSTEM_REPO_NAME);
            g_autoptr(GPtrArray) base = hy_query_run(installed);
            for (guint i = 0; i < base->len; i++)
                if (hy_goal_lock(goal, g_ptr_array_index(base, i), &error) != 0) return fail("lock", error);
            hy_query_free(installed);
        }
        HySelector selector = hy_selector_create(sack);
        hy_selector_set(selector, HY_PKG_NAME, HY_EQ, argv[6]);
        if (!hy_goal_install_selector(goal, selector, &error)) return fail("install selector", error);
        if (hy_goal_run_flags(goal, DNF_IGNORE_WEAK_DEPS) != 0) {
            fprintf(stderr, "the goal has %d problem(s)\n", hy_goal_count_problems(goal));
            return 1;
        }
        g_autoptr(GPtrArray) installs = hy_goal_list_installs(goal, &error);
        if (installs == NULL) return fail("list installs", error);
        for (guint i = 0; i < installs->len; i++) {
            DnfPackage *pkg = g_ptr_array_index(installs, i);
            printf("%s\t%s\n", dnf_package_get_reponame(pkg), dnf_package_get_nevra(pkg));
        }
        hy_selector_free(selector);
        hy_goal_free(goal);
        g_object_unref(ctx);
        return 0;
    }

    HyQuery query = hy_query_create(sack);
    hy_query_filter(query, HY_PKG_REPONAME, HY_NEQ, HY_SYSTEM_REPO_NAME);
    g_autoptr(GPtrArray) packages = hy_query_run(query);
    for (guint i = 0; i < packages->len; i++) {
        DnfPackage *pkg = g_ptr_array_index(packages, i);
        if (strcmp(dnf_package_get_arch(pkg), "src") == 0) continue;
        printf("%s\t%s\n", dnf_package_get_reponame(pkg), dnf_package_get_nevra(pkg));
    }
    hy_query_free(query);
    g_object_unref(ctx);
    return 0;
}
