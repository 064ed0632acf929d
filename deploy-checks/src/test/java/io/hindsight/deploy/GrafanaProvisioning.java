package io.hindsight.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contract between docker-compose.yml and grafana/ (written separately): compose mounts ./grafana/provisioning
 * at /etc/grafana/provisioning and ./grafana/dashboards at {@link #DASHBOARDS_IN_CONTAINER}; the provisioning must
 * point a Prometheus datasource at the compose prometheus service and a file provider at that folder.
 */
final class GrafanaProvisioning {
    static final String DASHBOARDS_IN_CONTAINER = "/var/lib/grafana/dashboards";

    private GrafanaProvisioning() {
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> compose) {
        Problems p = new Problems("grafana/ vs docker-compose.yml");
        Map<String, Object> prom = ComposeChecks.services(compose).get("prometheus");
        Set<String> promUrls = new TreeSet<>();
        for (String port : ComposeChecks.list(prom.get("ports"))) {
            promUrls.add("http://prometheus:" + port.substring(port.lastIndexOf(':') + 1));
        }
        Set<String> datasourceUrls = new TreeSet<>();
        for (Path f : yamlFiles("grafana/provisioning/datasources")) {
            Map<String, Object> doc = ComposeChecks.load(Repo.read(f));
            for (Map<String, Object> ds : (List<Map<String, Object>>) doc.getOrDefault("datasources", List.of())) {
                if ("prometheus".equals(ds.get("type"))) {
                    datasourceUrls.add(String.valueOf(ds.get("url")).replaceAll("/$", ""));
                }
            }
        }
        if (datasourceUrls.stream().noneMatch(promUrls::contains)) {
            p.add("no Prometheus datasource at " + promUrls + " (found " + datasourceUrls + ")");
        }
        Set<String> providerPaths = new TreeSet<>();
        for (Path f : yamlFiles("grafana/provisioning/dashboards")) {
            Map<String, Object> doc = ComposeChecks.load(Repo.read(f));
            for (Map<String, Object> pr : (List<Map<String, Object>>) doc.getOrDefault("providers", List.of())) {
                Map<String, Object> options = (Map<String, Object>) pr.getOrDefault("options", Map.of());
                providerPaths.add(String.valueOf(options.get("path")).replaceAll("/$", ""));
            }
        }
        if (providerPaths.stream().noneMatch(x -> x.equals(DASHBOARDS_IN_CONTAINER) || x.startsWith(DASHBOARDS_IN_CONTAINER + "/"))) {
            p.add("no dashboard provider reads " + DASHBOARDS_IN_CONTAINER + " (found " + providerPaths + ")");
        }
        String home = ComposeChecks.env(ComposeChecks.services(compose).get("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null && home.startsWith(DASHBOARDS_IN_CONTAINER + "/")) {
            String file = "grafana/dashboards/" + home.substring(DASHBOARDS_IN_CONTAINER.length() + 1);
            if (!Repo.exists(file)) {
                p.add("the home dashboard " + home + " is not in the repository as " + file);
            }
        }
        p.check();
    }

    private static List<Path> yamlFiles(String dir) {
        return Files.isDirectory(Repo.path(dir)) ? Repo.files(dir, ".yaml", ".yml") : List.of();
    }
}
