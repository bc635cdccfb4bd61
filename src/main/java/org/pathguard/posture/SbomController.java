package org.pathguard.posture;

import org.pathguard.access.Actor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The running build's bill of materials, for the lab manager and the privacy officer (the project has no actuator). */
@RestController
class SbomController {

    static final MediaType CYCLONEDX = MediaType.parseMediaType("application/vnd.cyclonedx+json");

    private final Sbom sbom;

    SbomController(Sbom sbom) {
        this.sbom = sbom;
    }

    @GetMapping("/api/posture/sbom")
    ResponseEntity<byte[]> sbom(Actor actor) {
        byte[] json = sbom.json(actor);
        return ResponseEntity.ok().contentType(CYCLONEDX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("pathguard.cdx.json").build().toString())
                .body(json);
    }
}
