package org.pathguard.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.narrative.DefaultThymeleafNarrativeGenerator;
import ca.uhn.fhir.rest.server.interceptor.LoggingInterceptor;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code StarterServer --jdbc-url URL --port N}: HAPI's JPA server for R4 on the given PostgreSQL database, at
 * {@code http://127.0.0.1:N/fhir}, its RestfulServer holding what the starter registers for plain REST (the resource
 * providers, the system provider that answers transaction Bundles, the capability statement and paging). Prints
 * {@link #READY} once it serves; stops on SIGTERM.
 */
public final class StarterServer {

    /** The line the bench waits for. */
    public static final String READY = "HAPI FHIR JPA server is serving on";

    private StarterServer() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = null;
        int port = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jdbc-url" -> jdbcUrl = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (jdbcUrl == null || port < 1 || args.length % 2 != 0) {
            System.err.println("usage: StarterServer --jdbc-url URL --port N");
            System.exit(2);
        }
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
        spring.getEnvironment().getPropertySources().addFirst(new MapPropertySource("command line", Map.of("hapi.jdbc-url", jdbcUrl)));
        spring.register(StarterConfiguration.class);
        spring.refresh();
        spring.registerShutdownHook();

        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("pathguard-bench-hapi-tomcat-");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "fhir", restfulServer(spring)).setLoadOnStartup(1);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
                try (var files = Files.walk(base)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            } catch (Exception stopping) {
                // the JVM is ending: nothing more to release
            }
        }));
        System.out.println(READY + " http://127.0.0.1:" + port + "/fhir");
        tomcat.getServer().await();
    }

    /** The starter's access log ({@code hapi.fhir.logger} defaults): logger fhirtest.access, at INFO. */
    private static LoggingInterceptor accessLog() {
        LoggingInterceptor log = new LoggingInterceptor();
        log.setLoggerName("fhirtest.access");
        log.setMessageFormat("Path[${servletPath}] Source[${requestHeader.x-forwarded-for}] Operation[${operationType} ${operationName} "
                + "${idOrResourceName}] UA[${requestHeader.user-agent}] Params[${requestParameters}] ResponseEncoding[${responseEncodingNoDefault}]");
        log.setErrorMessageFormat("ERROR - ${requestVerb} ${requestUrl}");
        log.setLogExceptions(true);
        return log;
    }

    /**
     * What the starter registers for plain REST, with its defaults: JSON, pretty printing, ETags, narratives generated,
     * the response highlighter (for browsers) and its access log, a line per request.
     */
    private static RestfulServer restfulServer(AnnotationConfigApplicationContext spring) {
        FhirContext fhir = spring.getBean(FhirContext.class);
        fhir.setNarrativeGenerator(new DefaultThymeleafNarrativeGenerator());
        RestfulServer server = new RestfulServer(fhir);
        server.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        server.registerProvider(spring.getBean(JpaSystemProvider.class));
        server.setServerConformanceProvider(new JpaCapabilityStatementProvider(server, spring.getBean(IFhirSystemDao.class),
                spring.getBean(JpaStorageSettings.class), spring.getBean(ISearchParamRegistry.class),
                spring.getBean(IValidationSupport.class)));
        server.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setDefaultPrettyPrint(true);
        server.setETagSupport(ETagSupportEnum.ENABLED);
        server.registerInterceptor(new ResponseHighlighterInterceptor());
        server.registerInterceptor(accessLog());
        return server;
    }
}
