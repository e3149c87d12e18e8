// The portal is an application (see main.tsx); it exports nothing for other packages.
export {};
