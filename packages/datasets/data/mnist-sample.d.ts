/** What the file holds, its provenance and licence. */
export declare const about: string;
/** gzip of the IDX file of the images (10000×28×28 uint8), in base64. */
export declare const images: string;
/** gzip of the IDX file of the labels (10000 uint8, 0–9), in base64. */
export declare const labels: string;
